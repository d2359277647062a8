-- One token-bucket operation on one key, atomic in Redis: the greedy bucket of Bucket4j (which the in-process
-- store runs), in whole milliseconds. The adapter's tests compare every decision with Bucket4j's.
-- KEYS[1]  the bucket: a string "<last refill, epoch ms> <tokens> <remainder>"; tokens are negative in debt, and
--          the remainder (0 .. period - 1) counts the token-milliseconds of the token being refilled
--          (Bucket4j's rounding error). A missing key is a full bucket.
-- ARGV     now (epoch ms, the caller's clock), capacity, refill tokens, period (ms), permits,
--          "acquire" | "peek" (what acquire would answer, taking nothing) | "take" (unconditionally, even into
--          debt) | "give" (never beyond the capacity),
--          extra ms to keep the key after the bucket would be full again
-- Returns  for acquire and peek {allowed 0/1, tokens left, wait for the permits, wait until full}, both waits in
--          token-milliseconds (divided by the refill tokens they are milliseconds); {} for take and give.
-- Exact while the refill tokens times the period in ms, and the tokens times the period, stay below 2^53.
local key = KEYS[1]
local now = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local refill = tonumber(ARGV[3])
local period = tonumber(ARGV[4])
local permits = tonumber(ARGV[5])
local operation = ARGV[6]
local keep = tonumber(ARGV[7])

local last, tokens, remainder = now, capacity, 0
local state = redis.call('GET', key)
if state then
  local l, t, r = string.match(state, '^(%-?%d+) (%-?%d+) (%d+)$')
  if l then
    last, tokens, remainder = tonumber(l), tonumber(t), tonumber(r)
  end
end

-- Refill for the time since the last refill: whole periods first, then the rest of the time with the remainder.
if now > last then
  if tokens < capacity then
    local elapsed = now - last
    local periods = math.floor(elapsed / period)
    local divided = refill * (elapsed - periods * period) + remainder
    local refilled = math.floor(divided / period)
    tokens = tokens + periods * refill + refilled
    remainder = divided - refilled * period
    if tokens >= capacity then
      tokens, remainder = capacity, 0
    end
  end
  last = now
end

local function wait(needed)
  if needed <= tokens then
    return 0
  end
  return period * (needed - tokens) - remainder
end

local function save()
  local ttl = keep + math.floor(wait(capacity) / refill)
  redis.call('SET', key, string.format('%.0f %.0f %.0f', last, tokens, remainder), 'PX', math.max(1, ttl))
end

if operation == 'peek' then
  return {permits <= tokens and 1 or 0, tokens, wait(permits), wait(capacity)}
end
if operation == 'acquire' then
  if permits <= tokens then
    tokens = tokens - permits
    save()
    return {1, tokens, 0, wait(capacity)}
  end
  -- A refused attempt changes nothing, as in Bucket4j: the refill is computed again next time.
  return {0, tokens, wait(permits), wait(capacity)}
end
if operation == 'take' then
  tokens = tokens - permits
else
  tokens = tokens + permits
  if tokens >= capacity then
    tokens, remainder = capacity, 0
  end
end
save()
return {}
