// The one module that imports @kubernetes/client-node, statically so the bundler keeps only
// what KubeConfig needs; src/kube/credentials.ts loads it lazily, for plugin-based users only.
export {KubeConfig} from '@kubernetes/client-node'
