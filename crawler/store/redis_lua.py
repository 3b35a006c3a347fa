"""The Lua scripts of the Redis seen store (``crawler.store.redis``): each read-decide-write step
that must be atomic across workers (record, classify-and-claim, near-duplicate search, confirm,
mark fetched, note lastmod) runs as one script, in one round trip. The key layout they work on is
described in ``crawler.store.redis``.
"""

from __future__ import annotations

from crawler.store.rules import NEAR_DUP_MAX_DISTANCE

# The band keys are built in Lua from the fingerprint's hex digits: band i is hex[13-4i .. 16-4i].
_BAND_LUA = "string.sub(%s, 13 - 4 * i, 16 - 4 * i)"

# Near-duplicate search in Lua, one round trip: the band sets' seqs, their fingerprints within
# NEAR_DUP_MAX_DISTANCE bits (popcount of the XOR, as two 32-bit halves for Lua's bit library), the
# earliest first_seen wins, then the smallest id; strings compared byte by byte, like Python's min().
_NEAR_LUA = f"""
local function popcount(x)
  local n = 0
  while x ~= 0 do x = bit.band(x, x - 1); n = n + 1 end
  return n
end
local function before(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local function near(fps, articles, band_prefix, hexfp, exclude)
  local hi, lo = tonumber(string.sub(hexfp, 1, 8), 16), tonumber(string.sub(hexfp, 9, 16), 16)
  local bands = {{}}
  for i = 0, 3 do bands[i + 1] = band_prefix .. i .. ':' .. {_BAND_LUA % "hexfp"} end
  local best_seen, best_id = nil, nil
  for _, seq in ipairs(redis.call('SUNION', unpack(bands))) do
    local v = redis.call('HGET', fps, seq)
    if v then
      local id = string.sub(v, 18)
      local d = popcount(bit.bxor(hi, tonumber(string.sub(v, 1, 8), 16)))
        + popcount(bit.bxor(lo, tonumber(string.sub(v, 9, 16), 16)))
      if id ~= exclude and d <= {NEAR_DUP_MAX_DISTANCE} then
        local raw = redis.call('HGET', articles, id)
        if raw then
          local seen = cjson.decode(raw)[4]
          if best_id == nil or before(seen, best_seen) or (seen == best_seen and before(id, best_id)) then
            best_seen, best_id = seen, id
          end
        end
      end
    end
  end
  return best_id or ''
end
"""

# KEYS: fingerprints, articles; ARGV: band key prefix, fingerprint hex, id to exclude
NEAR = _NEAR_LUA + "return near(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])"

# KEYS: articles, urls, fingerprints, claims, sequence counter
# ARGV: id, content hash, published_at, canonical_url, stamp, near ('*': find it here), fingerprint
#       hex ('' = none), band key prefix, url digest, canonical url digest ('' = none)
RECORD = (
    _NEAR_LUA
    + f"""
local id, ch = ARGV[1], ARGV[2]
local near_id = ARGV[6]
if near_id == '*' then
  near_id = ''
  if ARGV[7] ~= '' then near_id = near(KEYS[3], KEYS[1], ARGV[8], ARGV[7], id) end
end
local raw = redis.call('HGET', KEYS[1], id)
local rec, status
if raw then
  rec = cjson.decode(raw)
  if rec[1] == ch then
    status = 'unchanged'
    rec[5] = ARGV[5]
  else
    status = 'revised'
    rec[1] = ch
    rec[2] = rec[2] + 1
    if ARGV[3] ~= '' then rec[3] = ARGV[3] end
    rec[5] = ARGV[5]
    if ARGV[4] ~= '' then rec[6] = ARGV[4] end
    rec[7] = near_id
  end
else
  status = 'new'
  rec = {{ch, 1, ARGV[3], ARGV[5], ARGV[5], ARGV[4], near_id, redis.call('INCR', KEYS[5])}}
end
redis.call('HSET', KEYS[1], id, cjson.encode(rec))
if status ~= 'unchanged' then
  local seq = string.format('%d', rec[8])
  local old = redis.call('HGET', KEYS[3], seq)
  if old then
    for i = 0, 3 do redis.call('SREM', ARGV[8] .. i .. ':' .. {_BAND_LUA % "old"}, seq) end
  end
  if ARGV[7] == '' then
    redis.call('HDEL', KEYS[3], seq)
  else
    redis.call('HSET', KEYS[3], seq, ARGV[7] .. ' ' .. id)
    for i = 0, 3 do redis.call('SADD', ARGV[8] .. i .. ':' .. {_BAND_LUA % "ARGV[7]"}, seq) end
  end
end
for i = 9, 10 do
  if ARGV[i] ~= '' then redis.call('HSET', KEYS[2], ARGV[i], id) end
end
redis.call('HDEL', KEYS[4], id)
return {{status, rec[2], rec[7]}}
"""
)

# KEYS: articles, claims, fingerprints; ARGV: id, content hash, owner key, band key prefix, fingerprint
# hex ('' = none) -> {status, revision, near}
# A claim is "<owner>\t<content hash>\t<revision>", plus "\tw" once the item's line is written.
CLASSIFY = (
    _NEAR_LUA
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local rev = 0
if raw then
  local rec = cjson.decode(raw)
  if rec[1] == ARGV[2] then return {'unchanged', rec[2], rec[7]} end
  rev = rec[2]
end
local claim = redis.call('HGET', KEYS[2], ARGV[1])
if claim then
  local a = string.find(claim, '\\t', 1, true)
  local b = string.find(claim, '\\t', a + 1, true)
  local c = string.find(claim, '\\t', b + 1, true)
  local owner = string.sub(claim, 1, a - 1)
  local hash = string.sub(claim, a + 1, b - 1)
  local crev = tonumber(string.sub(claim, b + 1, (c or 0) - 1))
  local written = c ~= nil
  local mine = owner == ARGV[3]
  local alive = mine or redis.call('EXISTS', owner) == 1
  if (alive and not mine) or written then
    if hash == ARGV[2] then
      if alive then return {'claimed', crev, ''} end
      return {'written', crev, ''}
    end
    if crev > rev then rev = crev end
  end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3] .. '\\t' .. ARGV[2] .. '\\t' .. (rev + 1))
local near_id = ''
if ARGV[5] ~= '' then near_id = near(KEYS[3], KEYS[1], ARGV[4], ARGV[5], ARGV[1]) end
if rev > 0 then return {'revised', rev + 1, near_id} end
return {'new', 1, near_id}
"""
)

# KEYS: claims; ARGV: id, content hash, owner key
CONFIRM = """
local claim = redis.call('HGET', KEYS[1], ARGV[1])
local prefix = ARGV[3] .. '\\t' .. ARGV[2] .. '\\t'
if claim and string.sub(claim, 1, #prefix) == prefix and not string.find(claim, '\\t', #prefix + 1, true) then
  redis.call('HSET', KEYS[1], ARGV[1], claim .. '\\tw')
  return 1
end
return 0
"""

# KEYS: articles, urls; ARGV: id, url digest ('' = none), stamp
MARK_FETCHED = """
if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], ARGV[2], ARGV[1]) end
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local rec = cjson.decode(raw)
  rec[5] = ARGV[3]
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
end
return 1
"""

# KEYS: lastmods; ARGV: url digest, epoch seconds
NOTE_LASTMOD = """
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if (not cur) or tonumber(ARGV[2]) > tonumber(cur) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
"""

# ``lookup_many``: for each (URL digest, id fallback) pair in ARGV, the stored article record the URL
# leads to ('' if none) and the lastmod noted for the URL ('' if none). KEYS: articles, urls, lastmods.
# One round trip for a whole listing or sitemap page.
LOOKUP_MANY = """
local out = {}
for i = 1, #ARGV, 2 do
  local raw = false
  local id = redis.call('HGET', KEYS[2], ARGV[i])
  if id then raw = redis.call('HGET', KEYS[1], id) end
  if (not raw) and ARGV[i + 1] ~= '' then raw = redis.call('HGET', KEYS[1], ARGV[i + 1]) end
  local noted = false
  if raw then noted = redis.call('HGET', KEYS[3], ARGV[i]) end
  out[#out + 1] = raw or ''
  out[#out + 1] = noted or ''
end
return out
"""
