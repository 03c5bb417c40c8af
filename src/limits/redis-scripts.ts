/**
 * The Lua scripts behind the Redis backend. Each operation is one script, so it runs atomically on the
 * server however many gateway replicas call it at once. Times are milliseconds; when the caller passes no
 * `now` the script reads the Redis server's clock, which every replica shares (replica clocks drift).
 * Numbers go back as strings because Redis truncates Lua numbers to integers on the way out.
 */

/** Reads the clock: the caller's `now` if given, else Redis TIME (safe in scripts since Redis 5's effects replication). */
const CLOCK = `
local function clock(given)
  if given ~= '' then return tonumber(given) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
`;

/** Drops budget reservations past their TTL (KEYS[1] state hash, KEYS[2] id -> amount, KEYS[3] id -> expiry). */
const PURGE = `
local function purge(now)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
  if #expired == 0 then return end
  local drop = 0
  for _, id in ipairs(expired) do
    drop = drop + tonumber(redis.call('HGET', KEYS[2], id) or '0')
    redis.call('HDEL', KEYS[2], id)
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', -drop)
end
local function retain(ms)
  for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ms) end
end
`;

/** GCRA, as in gcra.ts. KEYS[1] the tat; ARGV limit, windowMs, cost, now. Returns allowed, remaining, resetMs, retryAfterMs. */
export const CONSUME = `${CLOCK}
local limit, windowMs, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = clock(ARGV[4])
local interval = windowMs / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local newTat = tat + cost * interval
local function remaining(t)
  local r = math.floor((windowMs - (t - now)) / interval + 1e-9)
  if r < 0 then return 0 end
  return r
end
if newTat - now > windowMs + 1e-6 then
  return {0, remaining(tat), math.ceil(tat - now), math.max(math.ceil(newTat - windowMs - now), 1)}
end
redis.call('SET', KEYS[1], string.format('%.6f', newTat), 'PX', math.ceil(newTat - now) + 1)
return {1, remaining(newTat), math.ceil(newTat - now), 0}
`;

/** gcraAdjust, as in gcra.ts. KEYS[1] the tat; ARGV limit, windowMs, delta, now. Never refuses. */
export const ADJUST = `${CLOCK}
local limit, windowMs, delta = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = clock(ARGV[4])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
tat = tat + delta * (windowMs / limit)
if tat <= now then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('SET', KEYS[1], string.format('%.6f', tat), 'PX', math.ceil(tat - now) + 1)
return 1
`;

/** KEYS[1] a sorted set of lease id -> expiry; ARGV max, ttlMs, now, leaseId. Returns allowed, active, retryAfterMs. */
export const ACQUIRE = `${CLOCK}
local max, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = clock(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local active = redis.call('ZCARD', KEYS[1])
if active >= max then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if oldest[2] then return {0, active, math.max(math.ceil(tonumber(oldest[2]) - now), 1)} end
  return {0, active, math.ceil(ttl)}
end
redis.call('ZADD', KEYS[1], string.format('%.3f', now + ttl), ARGV[4])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], math.ceil(ttl)) end
return {1, active + 1, 0}
`;

/** KEYS[1] the lease set; ARGV leaseId, ttlMs. Returns 1 when a live lease was extended to now + ttl. */
export const RENEW = `${CLOCK}
local now = clock('')
local expiresAt = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiresAt or tonumber(expiresAt) <= now then return 0 end
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', string.format('%.3f', now + ttl), ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], math.ceil(ttl)) end
return 1
`;

/** KEYS[1] the lease set; ARGV leaseId. Returns 1 when a live lease was released. */
export const RELEASE = `${CLOCK}
local expiresAt = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiresAt then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
if tonumber(expiresAt) > clock('') then return 1 end
return 0
`;

/** Budget KEYS as in PURGE; ARGV amount, hardLimit, reservationTtlMs, now, reservationId, retainMs. Returns allowed, spent, reserved. */
export const RESERVE = `${CLOCK}${PURGE}
local amount, hard = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = clock(ARGV[4])
purge(now)
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
if spent + reserved + amount > hard then
  return {0, tostring(spent), tostring(reserved)}
end
redis.call('HSET', KEYS[2], ARGV[5], ARGV[1])
redis.call('ZADD', KEYS[3], string.format('%.3f', now + tonumber(ARGV[3])), ARGV[5])
reserved = redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', ARGV[1])
redis.call('HSETNX', KEYS[1], 'spent', '0')
retain(ARGV[6])
return {1, tostring(spent), reserved}
`;

/** Budget KEYS; ARGV reservationId, actualAmount, retainMs. Returns found, spent, reserved. */
export const SETTLE = `${CLOCK}${PURGE}
purge(clock(''))
local amount = redis.call('HGET', KEYS[2], ARGV[1])
local found = 0
if amount then
  found = 1
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', -tonumber(amount))
end
local spent = redis.call('HINCRBYFLOAT', KEYS[1], 'spent', ARGV[2])
local reserved = redis.call('HGET', KEYS[1], 'reserved') or '0'
retain(ARGV[3])
return {found, spent, reserved}
`;

/** Budget KEYS; ARGV reservationId. Returns 1 when a live reservation was dropped. */
export const CANCEL = `${CLOCK}${PURGE}
purge(clock(''))
local amount = redis.call('HGET', KEYS[2], ARGV[1])
if not amount then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('HINCRBYFLOAT', KEYS[1], 'reserved', -tonumber(amount))
return 1
`;
