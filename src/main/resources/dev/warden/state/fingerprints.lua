-- Blacklight-style matching over a Redis inverted index, several fingerprints (one batch) in one call.
-- KEYS[1]: the namespace's query sequence; KEYS[2..]: each fingerprint's hash keys, one after the other.
-- ARGV: now (ms), retention (ms), capacity, maxPostings, owner, skipOwn ("1": the owner's own stored queries
-- are passed over), then per fingerprint "<hashes>:<exact>".
-- Each hash key is a list of "<seq>:<exact>:<ms>:<account>", newest first, at most maxPostings long, with a TTL.
-- Returns per fingerprint {shared, account, age ms} of the stored query that shares the most hashes with it
-- (bit-identical repeats, queries older than the retention and all but the last capacity queries excluded).
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local maxp = tonumber(ARGV[4])
local account = ARGV[5]
local skipOwn = ARGV[6] == '1'
local out = {}
local k = 2
for f = 7, #ARGV do
  local n, exact = string.match(ARGV[f], '^(%d+):(-?%d+)$')
  n = tonumber(n)
  local seq = redis.call('INCR', KEYS[1])
  local counts = {}
  local best, bestSeq, bestWho, bestAt = 0, 0, '', now
  for i = k, k + n - 1 do
    local entries = redis.call('LRANGE', KEYS[i], 0, maxp - 1)
    for _, e in ipairs(entries) do
      local s, ex, at, who = string.match(e, '^(%d+):(-?%d+):(%d+):(.*)$')
      s = tonumber(s)
      at = tonumber(at)
      if s and ex ~= exact and seq - s <= capacity and now - at < retention and not (skipOwn and who == account) then
        local c = (counts[s] or 0) + 1
        counts[s] = c
        if c > best or (c == best and s > bestSeq) then
          best, bestSeq, bestWho, bestAt = c, s, who, at
        end
      end
    end
    redis.call('LPUSH', KEYS[i], seq .. ':' .. exact .. ':' .. ARGV[1] .. ':' .. account)
    redis.call('LTRIM', KEYS[i], 0, maxp - 1)
    redis.call('PEXPIRE', KEYS[i], retention)
  end
  k = k + n
  out[#out + 1] = {best, bestWho, string.format('%.0f', now - bestAt)}
end
redis.call('PEXPIRE', KEYS[1], retention)
return out
