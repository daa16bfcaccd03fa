import {describe, expect, test} from 'vitest'
import {compileTemplate} from '../../src/tail/format.js'
import {sprintf, TemplateError} from '../../src/tail/template.js'
import {mightBeJson} from '../../src/tail/template-functions.js'
import {formatGoTime, parseTime, zone} from '../../src/tail/time.js'

const log = {
  Message: '{"level":"error","msg":"boom","ts":1767225600.5,"n":3}',
  Timestamp: '2026-01-01T00:00:00.5Z',
  NodeName: 'node-1',
  Namespace: 'shop',
  PodName: 'web-1',
  ContainerName: 'app',
  Labels: {app: 'web'},
  Annotations: {},
  PodColor: {sgr: '96'},
  ContainerColor: {sgr: '36'},
}
const run = (source: string, colour = false) => compileTemplate(source, colour).execute(log)

describe("Go templates with stern's fields and functions", () => {
  test('fields, map fields, literals, printf', () => {
    expect(run('{{.PodName}}/{{.ContainerName}} {{.Labels.app}} {{"\\n"}}')).toBe('web-1/app web \n')
    expect(run('{{printf "%-6s|%5d|%q" .PodName 42 .ContainerName}}')).toBe('web-1 |   42|"app"')
    expect(run('{{with $m := .Message | parseJSON}}{{$m.level}}: {{$m.msg}}{{end}}')).toBe('error: boom')
    expect(run('{{(parseJSON .Message).msg}}')).toBe('boom')
    expect(run('{{extractJSONParts .Message "level" "msg"}}')).toBe('error, boom')
    expect(run('{{tryExtractJSONParts .PodName "x"}}')).toBe('web-1')
  })
  test('if / else if / else, comparisons, and/or/not, range, trimming', () => {
    const t = '{{$m := parseJSON .Message}}{{if eq $m.level "info"}}I{{else if eq $m.level "error"}}E{{else}}?{{end}}'
    expect(run(t)).toBe('E')
    expect(run('{{if and .PodName (not .NodeName)}}a{{else}}b{{end}}')).toBe('b')
    expect(run('{{range $k := .Labels}}[{{.}}]{{end}}')).toBe('[web]')
    expect(run('a  {{- .PodName -}}  b')).toBe('aweb-1b')
    expect(run('{{/* a comment */}}{{len .Labels}}')).toBe('1')
  })
  test('colours only when colouring; levelColor; toTimestamp with Go layouts and zones', () => {
    expect(run('{{color .PodColor .PodName}}', true)).toBe('\u001B[96mweb-1\u001B[0m')
    expect(run('{{color .PodColor .PodName}} {{colorRed "x"}}', false)).toBe('web-1 x')
    expect(run('{{levelColor (parseJSON .Message).level}}', true)).toBe('\u001B[31merror\u001B[0m')
    expect(run('{{toTimestamp .Timestamp "15:04:05.000 MST" "UTC"}}')).toBe('00:00:00.500 UTC')
    expect(run('{{toTimestamp (parseJSON .Message).ts "2006-01-02 15:04" "Asia/Tokyo"}}')).toBe('2026-01-01 09:00')
    expect(run('{{toRFC3339Nano .Timestamp}}')).toBe('2026-01-01T00:00:00.5Z')
  })
  test('mistakes: unknown function and unclosed blocks at parse time; a bad line at run time', () => {
    expect(() => compileTemplate('{{nope .Message}}', false)).toThrow(/function "nope" not defined/)
    expect(() => compileTemplate('{{if .PodName}}x', false)).toThrow(/without \{\{end\}\}/)
    expect(() => compileTemplate('{{.PodName', false)).toThrow(TemplateError)
    expect(() => compileTemplate('{{parseJSON .PodName}}', false).execute(log)).toThrow()
  })
})

test('sprintf and Go layouts', () => {
  expect(sprintf('%s=%v %05d %.2f %%', 'a', true, 7, 3.14159)).toBe('a=true 00007 3.14 %')
  const t = parseTime('2026-03-04T05:06:07.000123Z')!
  expect(formatGoTime(t, 'Jan _2 03:04:05.999999 PM -0700', zone('UTC'))).toBe('Mar  4 05:06:07.000123 AM +0000')
  expect(formatGoTime(t, '2006-01-02T15:04:05.000000000Z07:00', zone('Europe/Paris'))).toBe('2026-03-04T06:06:07.000123000+01:00')
})

describe('the JSON functions on lines that are JSON and lines that are not', () => {
  const on = (Message: string, source: string) => compileTemplate(source, false).execute({...log, Message})
  test('extjson, tryParseJSON, tryExtractJSONParts and prettyJSON keep their answers', () => {
    const lines = ['{"a":1}', ' [1, 2] ', '"quoted"', '-1.5e3', 'true', 'null', '[INFO] started', '2026-01-01 boom', '{"cut": ', 'plain text', '', 'nullish', '"', '{}x']
    expect(lines.map((m) => on(m, '{{extjson .Message}}'))).toEqual(['{"a":1}', ' [1, 2] ', '"quoted"', '-1.5e3', 'true', 'null', '"[INFO] started"', '"2026-01-01 boom"', '"{\\"cut\\": "', '"plain text"', '""', '"nullish"', '"\\""', '"{}x"'])
    expect(lines.map((m) => on(m, '{{with tryParseJSON .Message}}{{.a}}{{else}}-{{end}}'))).toEqual(['1', ...Array<string>(lines.length - 1).fill('-')])
    expect(on('{"a":1,"b":"x"}', '{{tryExtractJSONParts .Message "a" "b"}}')).toBe('1, x')
    expect(on('[INFO] started', '{{tryExtractJSONParts .Message "a"}}')).toBe('[INFO] started')
    expect(on('{"a":1}', '{{prettyJSON .Message}}')).toBe('{\n  "a": 1\n}')
    expect(on('[1]', '{{prettyJSON .Message}}')).toBe('[1]')
    expect(on('plain', '{{prettyJSON .Message}}')).toBe('plain')
  })
  test('mightBeJson never turns valid JSON away', () => {
    for (const text of ['{}', '[]', ' {"a": [1, {"b": null}]} ', '"x"', '0', '-0.5', '1E+9', 'true', 'false', 'null', '\t\n"a b"\r\n']) {
      expect(() => JSON.parse(text)).not.toThrow()
      expect(mightBeJson(text), text).toBe(true)
    }
    for (const text of ['[INFO] x', '2026-01-01 x', 'truex', 'plain', '', '{"a":1} trailing']) expect(mightBeJson(text), text).toBe(false)
  })
})
