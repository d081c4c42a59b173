-- Adds a strike and, when the account reaches banAfter strikes without a running ban, bans it; the ban's
-- length grows by factor with each ban remembered in the level key (TTL memory), up to maxBan.
-- KEYS[1]: strikes (sorted set), KEYS[2]: ban (hash), KEYS[3]: ban level.
-- ARGV: now, window, banAfter, firstBan, factor, maxBan, memory (ms and counts), member, reason, account.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, ARGV[8])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('PEXPIRE', KEYS[1], window)
local n = redis.call('ZCARD', KEYS[1])
local b = redis.call('HMGET', KEYS[2], 'since', 'until', 'level', 'reason', 'account')
if b[2] and tonumber(b[2]) > now then
  return {n, b[1], b[2], b[3], b[4] or '', b[5] or '', 0}
end
if n >= tonumber(ARGV[3]) then
  local level = redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[7]))
  local length = math.min(tonumber(ARGV[6]), math.floor(tonumber(ARGV[4]) * tonumber(ARGV[5]) ^ (level - 1)))
  local untilMs = now + length
  local untilText = string.format('%.0f', untilMs)
  redis.call('HSET', KEYS[2], 'since', ARGV[1], 'until', untilText, 'level', tostring(level),
      'reason', ARGV[9], 'account', ARGV[10])
  redis.call('PEXPIRE', KEYS[2], length)
  return {n, ARGV[1], untilText, tostring(level), ARGV[9], ARGV[10], 1}
end
return {n}
