import {describe, expect, test} from 'vitest'
import {painter, stripAnsi} from '../../src/print/colour.js'
import {fnv1a, lineFormatter, markerLine, podColour, unknownTemplateFields, type LogLine} from '../../src/tail/format.js'

const line: LogLine = {namespace: 'shop', pod: 'web-1', container: 'app', nodeName: 'node-1', timestamp: '2026-01-01T00:00:00.5Z', message: 'GET / 200'}
const plain = painter(false)

describe('lineFormatter', () => {
  test('default: pod, container, message; the namespace only when asked', () => {
    expect(lineFormatter({output: 'default', timestamps: false, showNamespace: false, paint: plain})(line)).toBe('web-1 app GET / 200\n')
    expect(lineFormatter({output: 'default', timestamps: true, showNamespace: true, paint: plain})(line)).toBe('shop web-1 app 2026-01-01T00:00:00.5Z GET / 200\n')
  })
  test('raw, json and template', () => {
    expect(lineFormatter({output: 'raw', timestamps: false, showNamespace: true, paint: plain})(line)).toBe('GET / 200\n')
    expect(lineFormatter({output: 'raw', timestamps: true, showNamespace: false, paint: plain})({...line, timestamp: ''})).toBe('[missing timestamp] GET / 200\n')
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
  test('colour: the pod bold in its colour, the container in the same colour; same pod, same colour', () => {
    const coloured = lineFormatter({output: 'default', timestamps: false, showNamespace: false, paint: painter(true)})(line)
    expect(coloured).toContain('\u001B[1m')
    expect(stripAnsi(coloured)).toBe('web-1 app GET / 200\n')
    expect(podColour('web-1')).toBe(podColour('web-1'))
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(podColour)).size).toBeGreaterThan(2)
  })
})

test('fnv1a matches the reference values', () => {
  expect(fnv1a('')).toBe(0x811c9dc5)
  expect(fnv1a('a')).toBe(0xe40c292c)
  expect(fnv1a('foobar')).toBe(0xbf9cf968)
})

test('markers', () => {
  expect(markerLine('+', 'shop', 'web-1', 'app', {showNamespace: false, paint: plain})).toBe('+ web-1 › app\n')
  expect(markerLine('-', 'shop', 'web-1', 'app', {showNamespace: true, paint: plain})).toBe('- shop web-1 › app\n')
})

test('unknownTemplateFields', () => {
  expect(unknownTemplateFields('{{.PodName}} {{.Message}}')).toEqual([])
  expect(unknownTemplateFields('{{.Pod}}')).toEqual(['Pod'])
  expect(unknownTemplateFields('{{json .}}')).toEqual(['{{json'])
})
