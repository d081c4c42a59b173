-- Blacklight-style matching over a Redis inverted index, several fingerprints (one batch) in one call.
--
-- Layout (every key under the prefix in KEYS[1], which carries the namespace's hash tag, so all keys share a
-- slot): queries are numbered by one sequence; sequence numbers fall into epochs of `capacity` queries, and
-- only the current and the previous epoch are read, so the index holds at most 2 x capacity queries.
--   <base>seq                 the sequence (KEYS[2])
--   <base>b<epoch>:<bucket>   a hash: field = one fingerprint hash (hex), value = the sequence numbers of the
--                             newest queries of the epoch holding it, newest first, comma-separated
--   <base>m<epoch>            a hash: field = sequence number, value = "<exact>:<ms>:<owner>"
-- Postings are small fields of small hashes (Redis keeps those as compact listpacks): a stored query costs
-- its hashes' fields plus one metadata field, not a key per hash. When an epoch begins, the epoch before the
-- previous one is unlinked; every key also has a TTL of the retention, refreshed when written.
--
-- KEYS[1]: <base> (used only as a prefix); KEYS[2]: the sequence.
-- ARGV: now (ms), retention (ms), capacity, maxPostings, owner, skipOwn ("1": the owner's own stored queries
-- are passed over), buckets per epoch, then per fingerprint "<hashes>:<exact>" followed by its hashes (hex).
-- Returns per fingerprint {shared, owner, age ms} of the stored query that shares the most hashes with it
-- (bit-identical repeats, queries older than the retention and all but the last capacity queries excluded).
local base = KEYS[1]
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local maxp = tonumber(ARGV[4])
local owner = ARGV[5]
local skipOwn = ARGV[6] == '1'
local buckets = tonumber(ARGV[7])

local function bucketKey(epoch, hash)
  return base .. 'b' .. epoch .. ':' .. (tonumber(string.sub(hash, -6), 16) % buckets)
end

local function metaKey(epoch)
  return base .. 'm' .. epoch
end

local function dropEpoch(epoch)
  if epoch < 0 then return end
  redis.call('UNLINK', metaKey(epoch))
  for b = 0, buckets - 1 do redis.call('UNLINK', base .. 'b' .. epoch .. ':' .. b) end
end

-- The stored query `s` counts unless it is this query's bit-identical repeat, too old, or the owner's own.
local function valid(s, exact)
  local meta = redis.call('HGET', metaKey(math.floor(s / capacity)), s)
  if not meta then return nil end
  local ex, at, who = string.match(meta, '^(-?%d+):(%d+):(.*)$')
  at = tonumber(at)
  if ex == exact or now - at >= retention or (skipOwn and who == owner) then return nil end
  return who, at
end

local out = {}
local f = 8
while f <= #ARGV do
  local n, exact = string.match(ARGV[f], '^(%d+):(-?%d+)$')
  n = tonumber(n)
  local seq = redis.call('INCR', KEYS[2])
  local epoch = math.floor(seq / capacity)
  if seq % capacity == 0 then dropEpoch(epoch - 2) end
  local counts = {}
  local current = {}
  for i = 1, n do
    local hash = ARGV[f + i]
    local taken = 0
    for e = epoch, epoch - 1, -1 do
      local postings = redis.call('HGET', bucketKey(e, hash), hash)
      if e == epoch then current[i] = postings end
      if postings then
        for s in string.gmatch(postings, '%d+') do
          if taken >= maxp then break end
          taken = taken + 1
          s = tonumber(s)
          if seq - s <= capacity then counts[s] = (counts[s] or 0) + 1 end
        end
      end
    end
  end
  -- Candidates by shared hashes, then newest first; the first valid one is the match.
  local order = {}
  for s, c in pairs(counts) do order[#order + 1] = s end
  table.sort(order, function(a, b)
    if counts[a] ~= counts[b] then return counts[a] > counts[b] end
    return a > b
  end)
  local best, bestWho, bestAt = 0, '', now
  for _, s in ipairs(order) do
    local who, at = valid(s, exact)
    if who then
      best, bestWho, bestAt = counts[s], who, at
      break
    end
  end
  for i = 1, n do
    local hash = ARGV[f + i]
    local key = bucketKey(epoch, hash)
    local kept, postings = 1, tostring(seq)
    if current[i] then
      for s in string.gmatch(current[i], '%d+') do
        if kept >= maxp then break end
        postings = postings .. ',' .. s
        kept = kept + 1
      end
    end
    redis.call('HSET', key, hash, postings)
    redis.call('PEXPIRE', key, retention)
  end
  redis.call('HSET', metaKey(epoch), seq, exact .. ':' .. ARGV[1] .. ':' .. owner)
  redis.call('PEXPIRE', metaKey(epoch), retention)
  f = f + n + 1
  out[#out + 1] = {best, bestWho, string.format('%.0f', now - bestAt)}
end
redis.call('PEXPIRE', KEYS[2], retention)
return out
