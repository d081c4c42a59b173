-- Blacklight-style matching over a Redis inverted index, several fingerprints (one batch) in one call.
--
-- Layout (every key under the prefix in KEYS[1], which carries the namespace's hash tag, so all keys share a
-- slot): queries are numbered by one sequence; a stored query counts while it is among the last `capacity`.
--   <base>seq          the sequence (KEYS[2])
--   <base>p<bucket>    a hash: field = one fingerprint hash (8 bytes), value = the sequence numbers of the
--                      newest queries holding it, newest first, comma-separated (at most maxPostings);
--                      field '~' = when the key's TTL was last set (ms)
--   <base>m<epoch>     a hash: field = sequence number, value = "<exact>:<ms>:<owner>"; epoch = seq / capacity
-- One field per hash serves every stored query that can still count, so a lookup reads one key per hash.
-- Postings are small fields of small hashes (Redis keeps those as compact listpacks). A sweep visits each
-- bucket once per `capacity` queries (a slice of the buckets per query) and deletes the fields whose newest
-- query can no longer count, so no field outlives its query by more than `capacity` queries and Redis holds
-- the postings of at most 2 x capacity queries; when an epoch begins, the metadata of the epoch before the
-- previous one is unlinked. Every key also has a TTL, refreshed when written: the sequence and the metadata
-- the retention; a bucket the retention plus a quarter, set again only once that quarter has passed since it
-- was last set (its '~' field, read with the postings), so that a write finds the key alive for at least the
-- retention without a PEXPIRE per hash.
--
-- KEYS[1]: <base> (used only as a prefix); KEYS[2]: the sequence.
-- ARGV: now (ms), retention (ms), capacity, maxPostings, owner, skipOwn ("1": the owner's own stored queries
-- are passed over), buckets, then per fingerprint its exact hash (decimal) and its hashes (8 bytes each, one string).
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
local slack = math.floor(retention / 4)

local function bucketKey(hash)
  local a, b, c, d = string.byte(hash, 5, 8)
  return base .. 'p' .. ((((a * 256 + b) * 256 + c) * 256 + d) % buckets)
end

local function metaKey(seq)
  return base .. 'm' .. math.floor(seq / capacity)
end

-- Deletes the fields of this query's slice of the buckets whose newest query no longer counts.
local function sweep(seq)
  local slot = seq % capacity
  for b = math.floor(slot * buckets / capacity), math.floor((slot + 1) * buckets / capacity) - 1 do
    local key = base .. 'p' .. b
    local all = redis.call('HGETALL', key)
    local stale = {}
    for i = 1, #all, 2 do
      if all[i] ~= '~' and seq - tonumber(string.match(all[i + 1], '^%d+')) > capacity then stale[#stale + 1] = all[i] end
    end
    if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end
  end
end

-- The stored query `s` counts unless it is this query's bit-identical repeat, too old, or the owner's own.
local function valid(s, exact)
  local meta = redis.call('HGET', metaKey(s), s)
  if not meta then return nil end
  local ex, at, who = string.match(meta, '^(-?%d+):(%d+):(.*)$')
  at = tonumber(at)
  if ex == exact or now - at >= retention or (skipOwn and who == owner) then return nil end
  return who, at
end

local out = {}
for f = 8, #ARGV, 2 do
  local exact, packed = ARGV[f], ARGV[f + 1]
  local seq = redis.call('INCR', KEYS[2])
  if seq % capacity == 0 and seq >= 2 * capacity then redis.call('UNLINK', metaKey(seq - 2 * capacity)) end
  sweep(seq)
  local counts, order = {}, {}
  local hashes, keys, kept, expiring = {}, {}, {}, {}
  for i = 1, #packed / 8 do
    local hash = string.sub(packed, 8 * i - 7, 8 * i)
    local key = bucketKey(hash)
    hashes[i], keys[i] = hash, key
    local got = redis.call('HMGET', key, hash, '~')
    local postings = got[1]
    if not got[2] or now - tonumber(got[2]) > slack then expiring[key] = true end
    local list = tostring(seq)
    if postings then
      local taken = 0
      for s in string.gmatch(postings, '%d+') do
        s = tonumber(s)
        if taken >= maxp or seq - s > capacity then break end
        taken = taken + 1
        local c = counts[s]
        if not c then order[#order + 1] = s end
        counts[s] = (c or 0) + 1
        if taken < maxp and seq - s < capacity then list = list .. ',' .. s end
      end
    end
    kept[i] = list
  end
  -- Candidates by shared hashes, then newest first; the first valid one is the match.
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
  for i = 1, #hashes do redis.call('HSET', keys[i], hashes[i], kept[i]) end
  for key in pairs(expiring) do
    redis.call('HSET', key, '~', ARGV[1])
    redis.call('PEXPIRE', key, retention + slack)
  end
  local meta = metaKey(seq)
  redis.call('HSET', meta, seq, exact .. ':' .. ARGV[1] .. ':' .. owner)
  redis.call('PEXPIRE', meta, retention)
  out[#out + 1] = {best, bestWho, string.format('%.0f', now - bestAt)}
end
redis.call('PEXPIRE', KEYS[2], retention)
return out
