package rscmock

import ()

// DeliveryProblems returns each distinct reason notifications failed, once,
// with how many failed for it, in the order first seen.
func (s *Server) DeliveryProblems() []DeliveryProblem {
	var out []DeliveryProblem
	idx := map[string]int{}
	for _, d := range s.Deliveries() {
		if d.Err == "" {
			continue
		}
		i, ok := idx[d.Err]
		if !ok {
			i = len(out)
			idx[d.Err] = i
			out = append(out, DeliveryProblem{Reason: d.Err})
		}
		out[i].Count++
	}
	return out
}

// DeliveryProblem is one reason notifications were not delivered.
type DeliveryProblem struct {
	// Reason says why, as Delivery.Err does.
	Reason string `json:"reason"`
	// Count is how many notifications failed for it.
	Count int `json:"count"`
}
