import {describe, expect, it} from 'vitest'
import {parseDeclaration} from '../../../src/sandbox/openapi/models.js'

describe('model declarations', () => {
  it('reads class and field descriptions and required fields from a .d.ts', () => {
    const source = `/**\n * Kubernetes\n */\nimport {X} from './X.js';\n/**\n* A thing\\'s \\"kind\\".\n*/\nexport declare class V1Thing {\n    /**\n    * The name.\n    */\n    'name': string;\n    'spec'?: X;\n}\n`
    const doc = parseDeclaration(source)
    expect(doc.description).toBe(`A thing's "kind".`)
    expect(doc.fields.get('name')).toEqual({description: 'The name.', required: true})
    expect(doc.fields.get('spec')).toEqual({required: false})
  })
})
