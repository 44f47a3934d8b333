package flagswitch

import "sort"

// nodesOnCycles returns, sorted, every node that lies on a cycle of the directed graph given
// by edges (Tarjan's strongly connected components). Validation names each of them, so the
// report does not depend on which cycle a search happens to find first.
func nodesOnCycles(nodes []string, edges func(node string) []string) []string {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack, cyclic []string
	var visit func(node string)
	visit = func(node string) {
		index[node] = len(index)
		low[node] = index[node]
		stack = append(stack, node)
		onStack[node] = true
		selfLoop := false
		for _, next := range edges(node) {
			if next == node {
				selfLoop = true
			}
			if _, seen := index[next]; !seen {
				visit(next)
				low[node] = min(low[node], low[next])
			} else if onStack[next] {
				low[node] = min(low[node], index[next])
			}
		}
		if low[node] != index[node] {
			return
		}
		var component []string
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[top] = false
			component = append(component, top)
			if top == node {
				break
			}
		}
		if len(component) > 1 || selfLoop {
			cyclic = append(cyclic, component...)
		}
	}
	for _, node := range nodes {
		if _, seen := index[node]; !seen {
			visit(node)
		}
	}
	sort.Strings(cyclic)
	return cyclic
}
