/**
 * Just enough of Kubernetes' protobuf encoding to read what kubectl sends as protobuf:
 * the `k8s\0` envelope (runtime.Unknown) and length-delimited fields by number.
 */

/** Length-delimited fields of a message, by field number (varint fields are skipped). */
function fields(buffer: Buffer): Map<number, Buffer[]> {
  const out = new Map<number, Buffer[]>()
  let i = 0
  const varint = () => {
    let value = 0
    let shift = 0
    for (;;) {
      const byte = buffer[i++]!
      value += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) return value
      shift += 7
    }
  }
  while (i < buffer.length) {
    const key = varint()
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (wire === 0) varint()
    else if (wire === 1) i += 8
    else if (wire === 5) i += 4
    else if (wire === 2) {
      const length = varint()
      const value = buffer.subarray(i, i + length)
      i += length
      out.set(field, [...(out.get(field) ?? []), value])
    } else throw new Error(`unsupported protobuf wire type ${wire}`)
  }
  return out
}

/** The raw object inside a `k8s\0` envelope. */
export function unwrapEnvelope(body: Buffer): Buffer {
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') throw new Error('not a Kubernetes protobuf envelope')
  return fields(body.subarray(4)).get(2)?.[0] ?? Buffer.alloc(0)
}

/** A message's field, following a path of field numbers. */
export function fieldAt(message: Buffer, ...path: number[]): Buffer | undefined {
  let current: Buffer | undefined = message
  for (const n of path) current = current ? fields(current).get(n)?.[0] : undefined
  return current
}

/** The string fields of a flat message, by number. */
export function stringFields(message: Buffer | undefined): Map<number, string> {
  const out = new Map<number, string>()
  if (!message) return out
  for (const [n, values] of fields(message)) out.set(n, values[0]!.toString('utf8'))
  return out
}
