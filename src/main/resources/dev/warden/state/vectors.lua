-- Stores a key's new vector and returns the vectors the caller has not seen yet, so that a replica that keeps
-- the buffer in memory reads one vector per query instead of the whole buffer.
-- KEYS[1]: the list (newest first, at most capacity); KEYS[2]: its bookkeeping hash: `gen`, a token chosen
-- when the list was started, and `n`, the number of vectors pushed since.
-- ARGV: capacity, retention (ms), the new vector (bytes), the caller's gen ("" for none), the caller's n (the
-- count after the push it saw last), a fresh token in case the list starts now.
-- Returns {gen, n (this push's number), full, vectors}: with full = 1 the vectors are the whole buffer before
-- this push (the caller knew nothing or something else: another gen, or more than capacity pushes ago);
-- with full = 0 only the pushes after the caller's n, newest first.
local cap = tonumber(ARGV[1])
local gen = redis.call('HGET', KEYS[2], 'gen')
if not gen then
  redis.call('DEL', KEYS[1])
  gen = ARGV[6]
  redis.call('HSET', KEYS[2], 'gen', gen)
end
local n = redis.call('HINCRBY', KEYS[2], 'n', 1)
local seen = tonumber(ARGV[5])
local full = 1
local take = cap
if gen == ARGV[4] and seen < n and n - 1 - seen < cap then
  full = 0
  take = n - 1 - seen
end
local old = {}
if take > 0 then old = redis.call('LRANGE', KEYS[1], 0, take - 1) end
redis.call('LPUSH', KEYS[1], ARGV[3])
redis.call('LTRIM', KEYS[1], 0, cap - 1)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]))
return {gen, n, full, old}
