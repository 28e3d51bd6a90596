package rscmock

import "github.com/rsckit/rsckit/rscmock/internal/sim"

// DeliveryProblems returns each distinct reason notifications failed, once,
// with how many failed for it, in the order first seen.
func (s *Server) DeliveryProblems() []DeliveryProblem {
	return convertAll(sim.Problems(s.world.Outbox.List()), func(p sim.DeliveryProblem) DeliveryProblem {
		return DeliveryProblem{Reason: p.Reason, Count: p.Count}
	})
}

// DeliveryProblem is one reason notifications were not delivered.
type DeliveryProblem struct {
	// Reason says why, as Delivery.Err does.
	Reason string `json:"reason"`
	// Count is how many notifications failed for it.
	Count int `json:"count"`
}
