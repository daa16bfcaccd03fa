/** The terminal's size, following resizes; a fixed size (tests) wins. */
import {useStdout} from 'ink'
import {useEffect, useState} from 'react'

export function useTerminalSize(fixed: {columns: number; rows: number} | undefined): {columns: number; rows: number} {
  const {stdout} = useStdout()
  const read = () => fixed ?? {columns: stdout.columns || 80, rows: stdout.rows || 24}
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (fixed) return
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout, fixed])
  return fixed ?? size
}
