/**
 * The Kubernetes types as @kubernetes/client-node's generated models describe them (generated
 * from the Kubernetes OpenAPI spec, and already a kubekit dependency): each model's fields with
 * their types and formats from `attributeTypeMap` at run time, and the descriptions that the
 * spec carries, read from the JSDoc comments in the models' `.d.ts` files (on demand, per model).
 */
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export interface ModelField {
  /** The JSON name: `containers`. */
  name: string
  /** The generator's type: `string`, `number`, `Date`, `Array<V1Container>`, `{ [key: string]: string; }`, `V1PodSpec`. */
  type: string
  /** `int32`, `int64`, `byte`, `date-time`, `int-or-string`, or empty. */
  format: string
  description?: string
  required: boolean
}

export interface Model {
  /** The generator's class name: `V1Pod`, `CoreV1Event`. */
  name: string
  description?: string
  fields: ModelField[]
}

interface Attribute {
  baseName: string
  type: string
  format: string
}

type ModelModule = Record<string, {attributeTypeMap?: Attribute[]} | undefined>

interface Documentation {
  description?: string
  fields: Map<string, {description?: string; required: boolean}>
}

const MODELS_ENTRY = '@kubernetes/client-node/dist/gen/models/all.js'

/** Undoes the generator's escaping of quotes in comments. */
function unescapeComment(text: string): string {
  return text.replace(/\\(['"\\])/g, '$1')
}

/** The text of a JSDoc comment body (` * line` lines). */
function commentText(body: string): string | undefined {
  const lines = body
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trimEnd())
    .filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1))
  const text = unescapeComment(lines.join('\n').trim())
  return text === '' ? undefined : text
}

/** Class and field descriptions, and which fields are required (declared without `?`), from a model's `.d.ts`. */
export function parseDeclaration(source: string): Documentation {
  const classMatch = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class \w+/.exec(source)
  const fields = new Map<string, {description?: string; required: boolean}>()
  const classBody = source.slice(source.indexOf('export declare class'))
  const property = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?\n {4}'([^']+)'(\?)?:/g
  for (const match of classBody.matchAll(property)) {
    const description = match[1] === undefined ? undefined : commentText(match[1])
    fields.set(match[2]!, {...(description ? {description} : {}), required: match[3] === undefined})
  }
  const description = classMatch ? commentText(classMatch[1]!) : undefined
  return {...(description ? {description} : {}), fields}
}

export class ModelCatalog {
  private readonly cache = new Map<string, Model | undefined>()

  private constructor(
    private readonly module: ModelModule,
    private readonly declarationsDir: string,
  ) {}

  static async load(): Promise<ModelCatalog> {
    const module = (await import(MODELS_ENTRY)) as ModelModule
    const entry = fileURLToPath(import.meta.resolve(MODELS_ENTRY))
    return new ModelCatalog(module, dirname(entry))
  }

  has(name: string): boolean {
    return Array.isArray(this.module[name]?.attributeTypeMap)
  }

  model(name: string): Model | undefined {
    if (!this.cache.has(name)) this.cache.set(name, this.read(name))
    return this.cache.get(name)
  }

  private read(name: string): Model | undefined {
    const attributes = this.module[name]?.attributeTypeMap
    if (!attributes) return undefined
    const documentation = this.documentation(name)
    const fields = attributes.map((a): ModelField => {
      const doc = documentation.fields.get(a.baseName)
      return {name: a.baseName, type: a.type, format: a.format, required: doc?.required ?? false, ...(doc?.description ? {description: doc.description} : {})}
    })
    return {name, fields, ...(documentation.description ? {description: documentation.description} : {})}
  }

  private documentation(name: string): Documentation {
    try {
      return parseDeclaration(readFileSync(join(this.declarationsDir, `${name}.d.ts`), 'utf8'))
    } catch {
      return {fields: new Map()}
    }
  }
}
