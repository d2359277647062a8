-- Increments a counter and tells every replica its new value, in one atomic step, so that their local copies
-- follow without asking (see RedisCache).
-- KEYS[1]  the counter
-- ARGV     the channel, the counter's name as the replicas know it (without REDIS_KEY_PREFIX)
-- Returns  the new value; the message is "<value>:<name>"
local value = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], string.format('%d', value) .. ':' .. ARGV[2])
return value
