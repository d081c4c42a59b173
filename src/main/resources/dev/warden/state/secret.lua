-- The shared secret of a name: the first replica's random value wins; every read renews its TTL.
-- KEYS[1]: the secret. ARGV: a fresh random value (hex), TTL (ms).
redis.call('SET', KEYS[1], ARGV[1], 'NX')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return redis.call('GET', KEYS[1])
