/** The namespace chooser's favourites and recent namespaces, read once and saved on each change. */
import {useMemo} from 'react'
import {loadMemory, memoryFile, remember, saveMemory, toggleFavourite, type NamespaceMemory} from './ns-memory.js'

export interface NamespaceMemoryStore {
  current(): NamespaceMemory
  /** A namespace was chosen in this context. */
  chosen(context: string, namespace: string): void
  /** Marks or unmarks a favourite; resolves to an error text when the file cannot be written. */
  toggle(context: string, namespace: string): string | undefined
}

export function useNamespaceMemory(file: string = memoryFile()): NamespaceMemoryStore {
  return useMemo(() => {
    let memory: NamespaceMemory | undefined
    const current = () => (memory ??= loadMemory(file))
    return {
      current,
      chosen(context, namespace) {
        memory = remember(current(), context, namespace)
        saveMemory(file, memory)
      },
      toggle(context, namespace) {
        memory = toggleFavourite(current(), context, namespace)
        return saveMemory(file, memory)
      },
    }
  }, [file])
}
