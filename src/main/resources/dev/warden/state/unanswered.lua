-- Takes back images the standing script counted towards an account's warm-up that were not answered.
-- KEYS[1]: warm-up (hash: first, clean). ARGV[1]: images. The count never goes below 0; a missing hash stays missing.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local clean = redis.call('HINCRBY', KEYS[1], 'clean', -tonumber(ARGV[1]))
if clean < 0 then
  redis.call('HSET', KEYS[1], 'clean', 0)
  return 0
end
return clean
