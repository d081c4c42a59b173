-- An account's strikes in the window and its running ban.
-- KEYS[1]: strikes (sorted set, score = ms), KEYS[2]: ban (hash). ARGV: now (ms), window (ms).
local now = tonumber(ARGV[1])
local n = redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.0f', now - tonumber(ARGV[2])), '+inf')
local b = redis.call('HMGET', KEYS[2], 'since', 'until', 'level', 'reason', 'account')
if b[2] and tonumber(b[2]) > now then
  return {n, b[1], b[2], b[3], b[4] or '', b[5] or ''}
end
return {n}
