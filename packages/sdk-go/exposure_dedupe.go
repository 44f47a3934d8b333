package flagswitch

import "container/list"

// exposureDedupe remembers recent (flag, variation, context) exposures in a bounded LRU, so that
// a context evaluated a million times sends one exposure, not a million.
type exposureDedupe struct {
	capacity int
	order    *list.List // most recent first; values are exposureKey
	index    map[exposureKey]*list.Element
}

type exposureKey struct {
	flagKey, variationKey, contextKey string
}

func newExposureDedupe(capacity int) *exposureDedupe {
	return &exposureDedupe{capacity: capacity, order: list.New(), index: make(map[exposureKey]*list.Element, capacity)}
}

// firstTime records the exposure and reports whether it is new (not among the recent ones).
func (d *exposureDedupe) firstTime(key exposureKey) bool {
	if element, seen := d.index[key]; seen {
		d.order.MoveToFront(element)
		return false
	}
	d.index[key] = d.order.PushFront(key)
	if d.order.Len() > d.capacity {
		oldest := d.order.Back()
		d.order.Remove(oldest)
		delete(d.index, oldest.Value.(exposureKey))
	}
	return true
}
