-- Returns an account's recent vectors (newest first) and stores a new one, keeping capacity, with a TTL.
-- KEYS[1]: the list. ARGV: capacity, retention (ms), the new vector (bytes).
local cap = tonumber(ARGV[1])
local old = redis.call('LRANGE', KEYS[1], 0, cap - 1)
redis.call('LPUSH', KEYS[1], ARGV[3])
redis.call('LTRIM', KEYS[1], 0, cap - 1)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return old
