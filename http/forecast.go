package http

import (
	"encoding/json"
	"errors"
	"fmt"
	nethttp "net/http"
	"time"

	"entente"
	"entente/coalition"
)

// motionRequest is the body of predict, coalition and scenario: a motion
// (a JSON object, or the text of a YAML or JSON motion file), the as-of
// day (default: the motion's date) and, for scenarios, the changes.
type motionRequest struct {
	Motion   json.RawMessage `json:"motion"`
	AsOf     string          `json:"asof"`
	Scenario json.RawMessage `json:"scenario"`
}

// fileText returns the bytes a motion or scenario is parsed from: a JSON
// string holds a file's text (YAML or JSON), an object is JSON itself.
func fileText(field string, raw json.RawMessage) ([]byte, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, badParam(field, errors.New("missing"))
	}
	if raw[0] == '"' {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, badParam(field, err)
		}
		return []byte(text), nil
	}
	return raw, nil
}

// motionQuestion is a parsed predict, coalition or scenario request.
type motionQuestion struct {
	motion   coalition.Motion
	scenario *coalition.Scenario
	day      time.Time
	// key identifies the question in the memo: a digest of the motion's
	// and the scenario's text and the as-of day.
	key string
}

// readMotion parses the request's motion, scenario and as-of day.
func readMotion(r *nethttp.Request, wantScenario bool) (motionQuestion, error) {
	var q motionQuestion
	var req motionRequest
	if err := readJSON(r, &req); err != nil {
		return q, err
	}
	text, err := fileText("motion", req.Motion)
	if err != nil {
		return q, err
	}
	if q.motion, err = coalition.ParseMotion("motion", text); err != nil {
		return q, err
	}
	var scText []byte
	if wantScenario || len(req.Scenario) > 0 && string(req.Scenario) != "null" {
		if scText, err = fileText("scenario", req.Scenario); err != nil {
			return q, err
		}
		if q.scenario, err = coalition.ParseScenario("scenario", scText); err != nil {
			return q, err
		}
	}
	q.day = q.motion.Date
	on, err := bodyDate("asof", req.AsOf)
	if err != nil {
		return q, err
	}
	if !on.IsZero() {
		q.day = on
	}
	q.key = digestKey(r.URL.Path, text, scText, []byte(q.day.Format(entente.DateLayout)))
	return q, nil
}

// forecaster returns the engine for a day.
func (s *Server) forecaster(r *nethttp.Request, day time.Time) (Forecaster, error) {
	if s.svc.Forecasts == nil {
		return nil, fmt.Errorf("forecasts are not wired: %w", entente.ErrUnsupported)
	}
	return s.svc.Forecasts.Forecaster(r.Context(), day)
}

// answerMotion reads the motion question of r and answers it with the
// day's forecaster through the response cache: the three motion endpoints
// differ only in what they ask the forecaster.
func (s *Server) answerMotion(w nethttp.ResponseWriter, r *nethttp.Request, wantScenario bool,
	answer func(f Forecaster, q motionQuestion) (any, error)) error {
	q, err := readMotion(r, wantScenario)
	if err != nil {
		return err
	}
	return s.writeCached(w, q.key, func() (any, error) {
		f, err := s.forecaster(r, q.day)
		if err != nil {
			return nil, err
		}
		return answer(f, q)
	})
}

func (s *Server) predict(w nethttp.ResponseWriter, r *nethttp.Request) error {
	return s.answerMotion(w, r, false, func(f Forecaster, q motionQuestion) (any, error) {
		p, err := f.Predict(r.Context(), q.motion)
		if err != nil {
			return nil, fmt.Errorf("predict: %w", err)
		}
		return p, nil
	})
}

// coalitionResponse is the coalition of a motion and, with a scenario,
// what the scenario changes (the coalition is then the one after it).
type coalitionResponse struct {
	Coalition  *coalition.Coalition  `json:"coalition"`
	AsOf       time.Time             `json:"asof"`
	Simulation *coalition.Simulation `json:"simulation,omitempty"`
}

func (s *Server) coalition(w nethttp.ResponseWriter, r *nethttp.Request) error {
	return s.answerMotion(w, r, false, func(f Forecaster, q motionQuestion) (any, error) {
		p, err := f.Predict(r.Context(), q.motion)
		if err != nil {
			return nil, fmt.Errorf("coalition: %w", err)
		}
		var sim *coalition.Simulation
		if q.scenario != nil {
			if sim, err = f.Simulate(r.Context(), q.motion, q.scenario); err != nil {
				return nil, fmt.Errorf("coalition: scenario: %w", err)
			}
			p = sim.After
		}
		return coalitionResponse{Coalition: f.Coalition(p), AsOf: p.AsOf, Simulation: sim}, nil
	})
}

func (s *Server) scenario(w nethttp.ResponseWriter, r *nethttp.Request) error {
	return s.answerMotion(w, r, true, func(f Forecaster, q motionQuestion) (any, error) {
		sim, err := f.Simulate(r.Context(), q.motion, q.scenario)
		if err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
		return sim, nil
	})
}
