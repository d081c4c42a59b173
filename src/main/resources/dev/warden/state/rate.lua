-- One account's token bucket, counting images (GCRA-like state: tokens and when they were counted).
-- KEYS[1]: the bucket (hash: t = tokens, at = ms). ARGV: images per ms, burst, images wanted.
-- Returns 0 when admitted, else the ms until it would be. Time is Redis's own, so replicas whose clocks
-- disagree still share one bucket. A missing key is a full bucket; the TTL is the time to refill, after which
-- the key is not needed.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local v = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(v[1])
local at = tonumber(v[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = tokens + (now - at) * rate
  at = now
end
if tokens > burst then tokens = burst end
-- A batch larger than the bucket waits for a full bucket and leaves the excess as debt.
local need = math.min(want, burst)
if tokens < need then
  return math.max(1, math.ceil((need - tokens) / rate))
end
tokens = tokens - want
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((burst - tokens) / rate)) + 1000)
return 0
