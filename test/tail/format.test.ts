import {describe, expect, test} from 'vitest'
import {painter, stripAnsi} from '../../src/print/colour.js'
import {containerFormatter, fnv1, fnv1a, lineFormatter, markerLine, outputTemplate, podColour, rawLinesFormatter, sternColours, type FormatOptions, type LogLine} from '../../src/tail/format.js'
import {splitTimestamp} from '../../src/tail/stream.js'

const line: LogLine = {namespace: 'shop', pod: 'web-1', container: 'app', nodeName: 'node-1', timestamp: '2026-01-01T00:00:00.5Z', message: 'GET / 200'}
const plain = painter(false)

describe('lineFormatter', () => {
  test('default: pod, container, message; the namespace only when asked', () => {
    expect(lineFormatter({output: 'default', timestamps: false, showNamespace: false, paint: plain})(line)).toBe('web-1 app GET / 200\n')
    expect(lineFormatter({output: 'default', timestamps: true, timezone: 'UTC', showNamespace: true, paint: plain})(line)).toBe('shop web-1 app 2026-01-01T00:00:00.500000000Z GET / 200\n')
  })
  test('raw, json and template', () => {
    expect(lineFormatter({output: 'raw', timestamps: false, showNamespace: true, paint: plain})(line)).toBe('GET / 200\n')
    expect(lineFormatter({output: 'raw', timestamps: true, showNamespace: false, paint: plain})({...line, timestamp: ''})).toBe('[missing timestamp] GET / 200\n')
    expect(lineFormatter({output: 'raw', timestamps: 'short', timezone: 'Asia/Tokyo', showNamespace: false, paint: plain})(line)).toBe('01-01 09:00:00 GET / 200\n')
    expect(lineFormatter({output: 'raw', timestamps: 'default', timezone: 'America/New_York', showNamespace: false, paint: plain})(line)).toBe('2025-12-31T19:00:00.500000000-05:00 GET / 200\n')
    expect(JSON.parse(lineFormatter({output: 'json', timestamps: false, showNamespace: false, paint: plain})(line))).toEqual({
      message: 'GET / 200',
      nodeName: 'node-1',
      namespace: 'shop',
      podName: 'web-1',
      containerName: 'app',
      timestamp: '2026-01-01T00:00:00.5Z',
    })
    expect(lineFormatter({output: 'default', timestamps: false, showNamespace: false, paint: plain, template: '{{ .PodName }}|{{.Timestamp}}|{{.Message}}'})(line)).toBe('web-1|2026-01-01T00:00:00.5Z|GET / 200\n')
  })
  test('json stays valid JSON whatever the message holds', () => {
    const format = lineFormatter({output: 'json', timestamps: false, showNamespace: false, paint: plain})
    const message = 'say "hi"\\ \u0001 \t é'
    expect(JSON.parse(format({...line, message, pod: 'we"ird'}))).toMatchObject({message, podName: 'we"ird'})
  })
  test("colour: stern's pairs, the pod bright, its container normal; same pod, same colour; --diff-container; custom SGR", () => {
    const coloured = lineFormatter({output: 'default', timestamps: false, showNamespace: false, paint: painter(true)})(line)
    const [bright, normal] = sternColours[fnv1(line.pod) % 6]!
    expect(coloured).toBe(`\u001B[${bright}mweb-1\u001B[0m \u001B[${normal}mapp\u001B[0m GET / 200\n`)
    const custom = lineFormatter({output: 'default', timestamps: false, showNamespace: false, paint: painter(true), colours: [['31;4', '32']]})(line)
    expect(custom).toBe('\u001B[31;4mweb-1\u001B[0m \u001B[32mapp\u001B[0m GET / 200\n')
    const byContainer = (container: string) => lineFormatter({output: 'raw', template: '{{color .ContainerColor .ContainerName}}', timestamps: false, showNamespace: false, paint: painter(true), diffContainer: true})({...line, container})
    expect(byContainer('app')).toBe(`\u001B[${sternColours[fnv1('app') % 6]![1]}mapp\u001B[0m\n`)
    expect(stripAnsi(coloured)).toBe('web-1 app GET / 200\n')
    expect(podColour('web-1')).toBe(podColour('web-1'))
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(podColour)).size).toBeGreaterThan(2)
  })
})

test('fnv1a and fnv1 (Go fnv.New32, stern) match the reference values', () => {
  expect(fnv1a('')).toBe(0x811c9dc5)
  expect(fnv1a('a')).toBe(0xe40c292c)
  expect(fnv1a('foobar')).toBe(0xbf9cf968)
  expect(fnv1('a')).toBe(0x050c5d7e)
  expect(fnv1('foobar')).toBe(0x31f0b262)
})

describe('stern outputs and highlight', () => {
  test('extjson and ppextjson embed a JSON message as it is and quote others; -A adds the namespace', () => {
    const ext = lineFormatter({output: 'extjson', template: outputTemplate('extjson', false, false), timestamps: false, showNamespace: false, paint: plain})
    expect(ext({...line, message: '{"a":1}'})).toBe('{"pod": "web-1", "container": "app", "message": {"a":1}}\n')
    expect(ext(line)).toBe('{"pod": "web-1", "container": "app", "message": "GET / 200"}\n')
    const all = lineFormatter({output: 'extjson', template: outputTemplate('extjson', true, false), timestamps: false, showNamespace: true, paint: plain})
    expect(JSON.parse(all(line))).toEqual({namespace: 'shop', pod: 'web-1', container: 'app', message: 'GET / 200'})
    const pretty = lineFormatter({output: 'ppextjson', template: outputTemplate('ppextjson', false, false), timestamps: false, showNamespace: false, paint: plain})
    expect(pretty(line)).toBe('{\n  "pod": "web-1",\n  "container": "app",\n  "message": "GET / 200"\n}\n')
  })
  test('-H highlights matches in bold red after formatting, only when colouring', () => {
    const options = {output: 'raw' as const, timestamps: false, showNamespace: false, highlight: [/\d{3}/, /GET/]}
    expect(lineFormatter({...options, paint: painter(true)})(line)).toBe('\u001B[31;1mGET\u001B[0m / \u001B[31;1m200\u001B[0m\n')
    expect(lineFormatter({...options, paint: plain})(line)).toBe('GET / 200\n')
  })
})

test('markers', () => {
  expect(markerLine('+', 'shop', 'web-1', 'app', {showNamespace: false, paint: plain})).toBe('+ web-1 › app\n')
  expect(markerLine('-', 'shop', 'web-1', 'app', {showNamespace: true, paint: plain})).toBe('- shop web-1 › app\n')
})

describe('rawLinesFormatter (whole reads of the server\'s lines, for plain output)', () => {
  const server = ['2026-01-01T00:00:00.5Z GET / 200', 'no timestamp here', '2026-01-01T00:00:01+02:00 ', '2026-01-01T00:00:02Z', '', '2026-01-01T00:00:03.123456789Z  two spaces', 'a line with é and \r inside']
  test('prints exactly what the line-by-line formatter prints: default, raw and json output, coloured or not, with the namespace or not, with -t', () => {
    const cases: FormatOptions[] = [
      {output: 'default', timestamps: false, showNamespace: false, paint: plain},
      {output: 'default', timestamps: false, showNamespace: true, paint: painter(true)},
      {output: 'raw', timestamps: false, showNamespace: false, paint: plain},
      {output: 'default', timestamps: false, showNamespace: false, paint: plain, highlight: [/GET/]},
      {output: 'default', timestamps: true, timezone: 'UTC', showNamespace: false, paint: plain},
      {output: 'raw', timestamps: 'short', timezone: 'Asia/Tokyo', showNamespace: false, paint: plain},
      {output: 'json', timestamps: false, showNamespace: false, paint: plain},
    ]
    for (const options of cases) {
      const one = containerFormatter(options, line)
      const expected = server.map((text) => splitTimestamp(text)).map((l) => one(l.timestamp, l.message)).join('')
      expect(rawLinesFormatter(options, line)!(server)).toBe(expected)
    }
  })
  test('is not offered for templates (a line may fail there) or highlighting in colour', () => {
    expect(rawLinesFormatter({output: 'extjson', timestamps: false, showNamespace: false, paint: plain}, line)).toBeUndefined()
    expect(rawLinesFormatter({output: 'default', timestamps: false, showNamespace: false, paint: plain, template: '{{.Message}}'}, line)).toBeUndefined()
    expect(rawLinesFormatter({output: 'default', timestamps: false, showNamespace: false, paint: painter(true), highlight: [/GET/]}, line)).toBeUndefined()
  })
})
