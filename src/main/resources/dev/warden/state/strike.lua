-- Adds a strike and, when the account reaches banAfter strikes (or with force) without a running ban, bans it;
-- the ban's length grows by factor with each ban remembered in the level key (TTL memory), up to maxBan.
-- KEYS[1]: strikes (sorted set), KEYS[2]: ban (hash), KEYS[3]: ban level, KEYS[4]: images sent, KEYS[5]: warm-up.
-- ARGV: now, window, banAfter, firstBan, factor, maxBan, memory (ms and counts), member, reason, account,
-- queries (strikes count only among the account's last this many images; 0: by time only), warmup (1: a strike
-- starts the warm-up's count of clean images again) and force (1: ban whatever the count).
-- Returns {strikes, clean, first} and, when a ban is running, its since, until, level, reason, account and
-- whether this call started it.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local queries = tonumber(ARGV[11] or '0')
local warmup = ARGV[12] == '1'
local force = ARGV[13] == '1'
local member = ARGV[8]
local sent = 0
if queries > 0 then
  sent = tonumber(redis.call('GET', KEYS[4]) or '0')
  member = 'q' .. string.format('%.0f', sent) .. ':' .. member
end
redis.call('ZADD', KEYS[1], now, member)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('PEXPIRE', KEYS[1], window)
local n
if queries > 0 then
  n = 0
  for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    local q = tonumber(string.match(m, '^q(%d+):'))
    if q == nil or q > sent - queries then n = n + 1 end
  end
else
  n = redis.call('ZCARD', KEYS[1])
end
local first = ''
if warmup then
  redis.call('HSET', KEYS[5], 'clean', 0)
  redis.call('PEXPIRE', KEYS[5], tonumber(ARGV[7]))
  first = redis.call('HGET', KEYS[5], 'first') or ''
end
local b = redis.call('HMGET', KEYS[2], 'since', 'until', 'level', 'reason', 'account')
if b[2] and tonumber(b[2]) > now then
  return {n, 0, first, b[1], b[2], b[3], b[4] or '', b[5] or '', 0}
end
if force or n >= tonumber(ARGV[3]) then
  local level = redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[7]))
  local length = math.min(tonumber(ARGV[6]), math.floor(tonumber(ARGV[4]) * tonumber(ARGV[5]) ^ (level - 1)))
  local untilMs = now + length
  local untilText = string.format('%.0f', untilMs)
  redis.call('HSET', KEYS[2], 'since', ARGV[1], 'until', untilText, 'level', tostring(level),
      'reason', ARGV[9], 'account', ARGV[10])
  redis.call('PEXPIRE', KEYS[2], length)
  return {n, 0, first, ARGV[1], untilText, tostring(level), ARGV[9], ARGV[10], 1}
end
return {n, 0, first}
