/**
 * kubectl's HumanDuration (apimachinery's duration.HumanDuration), the AGE of `kubectl get`
 * and the event ages of `kubectl describe`: 45s, 3m20s, 25m, 3h, 5h30m, 2d23h, 11d, 2y30d.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`
  if (minutes < 180) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`
  const days = Math.floor(hours / 24)
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`
  return `${Math.floor(days / 365)}y`
}

/**
 * How long a wait is, for messages: milliseconds below a second ("800ms"), else in
 * humanDuration's words ("8s", "2m10s") from the wait rounded to the second.
 */
export function waitDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : humanDuration(Math.round(ms / 1000) * 1000)
}
