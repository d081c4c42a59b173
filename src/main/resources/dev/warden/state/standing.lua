-- An account's strikes in the window, its running ban and its warm-up.
-- KEYS[1]: strikes (sorted set, score = ms), KEYS[2]: ban (hash), KEYS[3] (optional): images sent (counter),
-- KEYS[4] (optional): warm-up (hash: first = ms first seen, clean = images since the last strike).
-- ARGV: now (ms), window (ms), then optionally: queries (strikes count only among the last this many images;
-- 0: by time only), images (added to the counters first; 0: only read), warmup (1: keep the warm-up hash) and
-- memory (ms, the warm-up hash's TTL).
-- Strike members start with 'q<images sent at the strike>:' when counted by images.
-- Returns {strikes, clean, first} and, when a ban is running, its since, until, level, reason and account.
local now = tonumber(ARGV[1])
local from = '(' .. string.format('%.0f', now - tonumber(ARGV[2]))
local queries = tonumber(ARGV[3] or '0')
local images = tonumber(ARGV[4] or '0')
local warmup = ARGV[5] == '1'
local n
if queries > 0 then
  local sent
  if images > 0 then
    sent = redis.call('INCRBY', KEYS[3], images)
    redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]))
  else
    sent = tonumber(redis.call('GET', KEYS[3]) or '0')
  end
  n = 0
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf')) do
    local q = tonumber(string.match(m, '^q(%d+):'))
    if q == nil or q > sent - queries then n = n + 1 end
  end
else
  n = redis.call('ZCOUNT', KEYS[1], from, '+inf')
end
local clean, first = 0, ''
if warmup then
  if images > 0 then
    redis.call('HSETNX', KEYS[4], 'first', ARGV[1])
    clean = redis.call('HINCRBY', KEYS[4], 'clean', images)
    redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[6]))
  else
    clean = tonumber(redis.call('HGET', KEYS[4], 'clean') or '0')
  end
  first = redis.call('HGET', KEYS[4], 'first') or ''
end
local b = redis.call('HMGET', KEYS[2], 'since', 'until', 'level', 'reason', 'account')
if b[2] and tonumber(b[2]) > now then
  return {n, clean, first, b[1], b[2], b[3], b[4] or '', b[5] or ''}
end
return {n, clean, first}
