/**
 * Splits a byte stream into lines as its chunks arrive: for log streams (tail, --stdin) and the
 * watch protocol's one JSON object per line (src/kube/client.ts). Bytes are decoded as UTF-8
 * across chunk boundaries, and a `\r` before the newline is dropped.
 */
import {StringDecoder} from 'node:string_decoder'

/**
 * Splits decoded text into complete lines. A line longer than `maxLineLength` is cut there
 * (memory stays bounded); the rest of that line is dropped with a marker.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private pending = ''
  private overflowing = false

  /** `Infinity` keeps every line whole (a watch event must not be cut). */
  constructor(private readonly maxLineLength = 1 << 20) {}

  push(chunk: Buffer | string): string[] {
    const text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
    const lines = text.split('\n')
    this.pending = lines.pop()!
    if (this.overflowing && lines.length > 0) lines.shift() // the rest of a cut line
    if (lines.length > 0) this.overflowing = false
    if (this.pending.length > this.maxLineLength) {
      if (!this.overflowing) lines.push(this.pending.slice(0, this.maxLineLength) + ' [line cut: longer than ' + this.maxLineLength + ' characters]')
      this.pending = ''
      this.overflowing = true
    }
    for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1)
    return lines
  }

  /** What is left after the last newline (a line the server did not finish). */
  rest(): string {
    const rest = this.pending + this.decoder.end()
    this.pending = ''
    return this.overflowing ? '' : rest
  }
}
