-- An account's strikes in the window and its running ban.
-- KEYS[1]: strikes (sorted set, score = ms), KEYS[2]: ban (hash), KEYS[3] (optional): images sent (counter).
-- ARGV: now (ms), window (ms), then optionally: queries (strikes count only among the last this many images;
-- 0: by time only) and images (added to the counter first).
-- Strike members start with 'q<images sent at the strike>:' when counted by images.
local now = tonumber(ARGV[1])
local from = '(' .. string.format('%.0f', now - tonumber(ARGV[2]))
local queries = tonumber(ARGV[3] or '0')
local n
if queries > 0 then
  local sent = redis.call('INCRBY', KEYS[3], tonumber(ARGV[4]))
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]))
  n = 0
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf')) do
    local q = tonumber(string.match(m, '^q(%d+):'))
    if q == nil or q > sent - queries then n = n + 1 end
  end
else
  n = redis.call('ZCOUNT', KEYS[1], from, '+inf')
end
local b = redis.call('HMGET', KEYS[2], 'since', 'until', 'level', 'reason', 'account')
if b[2] and tonumber(b[2]) > now then
  return {n, b[1], b[2], b[3], b[4] or '', b[5] or ''}
end
return {n}
