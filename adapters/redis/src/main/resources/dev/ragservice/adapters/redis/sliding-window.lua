-- One sliding-window operation on one key, atomic in Redis. The meaning is that of
-- dev.ragservice.ports.ratelimit.SlidingWindowLog (the conformance kit compares every decision).
-- The key is a sorted set of grants: score = time of the grant (epoch ms, the caller's clock),
-- member = "<unique id>:<permits>".
-- KEYS[1]  the sorted set
-- ARGV     now (ms), window (ms), capacity, permits (signed for adjust), "acquire" | "peek" | "adjust"
--          (peek: what acquire would answer, with the permits not taken),
--          unique id of this call, extra ms to keep the key after its last grant leaves the window
-- Returns  {allowed 0/1, remaining, retry after ms, reset after ms} for acquire and peek; {} for adjust.
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local permits = tonumber(ARGV[4])
local operation = ARGV[5]
local id = ARGV[6]
local keep = tonumber(ARGV[7])

-- A grant counts while now < at + window.
redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('(%.0f', now - window + 1))
local raw = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
local grants = {}
local used = 0
for i = 1, #raw, 2 do
  local n = tonumber(string.match(raw[i], ':(%d+)$'))
  grants[#grants + 1] = {member = raw[i], score = raw[i + 1], at = tonumber(raw[i + 1]), permits = n}
  used = used + n
end

local function newest()
  local latest = nil
  for _, grant in ipairs(grants) do
    if latest == nil or grant.at > latest then latest = grant.at end
  end
  return latest
end

local function expire()
  local latest = newest()
  if latest == nil then
    redis.call('DEL', key)
  else
    redis.call('PEXPIRE', key, math.max(0, latest + window - now) + keep)
  end
end

local function resetAfter()
  local latest = newest()
  if latest == nil then return 0 end
  return math.max(0, latest + window - now)
end

local function add(at, n)
  redis.call('ZADD', key, ARGV[1], id .. ':' .. n)
  grants[#grants + 1] = {member = id .. ':' .. n, score = ARGV[1], at = at, permits = n}
end

if operation == 'acquire' or operation == 'peek' then
  if used + permits <= capacity and operation == 'peek' then
    return {1, capacity - used, 0, resetAfter()}
  end
  if used + permits <= capacity then
    add(now, permits)
    expire()
    return {1, capacity - used - permits, 0, resetAfter()}
  end
  local freed = 0
  local retryAt = now
  for _, grant in ipairs(grants) do
    freed = freed + grant.permits
    if used - freed + permits <= capacity then
      retryAt = grant.at + window
      break
    end
  end
  return {0, math.max(0, capacity - used), math.max(1, retryAt - now), resetAfter()}
end

if permits > 0 then
  add(now, permits)
else
  -- Give back the newest grants first (ZRANGE sorted them by time).
  local toReturn = -permits
  for i = #grants, 1, -1 do
    if toReturn <= 0 then break end
    local grant = grants[i]
    local returned = math.min(grant.permits, toReturn)
    toReturn = toReturn - returned
    redis.call('ZREM', key, grant.member)
    if returned < grant.permits then
      local prefix = string.match(grant.member, '^(.*):%d+$')
      grant.member = prefix .. ':' .. (grant.permits - returned)
      grant.permits = grant.permits - returned
      redis.call('ZADD', key, grant.score, grant.member)
    else
      table.remove(grants, i)
    end
  end
end
expire()
return {}
