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

// readMotion parses the request's motion and finds the engine for its day.
func (s *Server) readMotion(r *nethttp.Request, wantScenario bool) (Forecaster, coalition.Motion, *coalition.Scenario, error) {
	var req motionRequest
	if err := readJSON(r, &req); err != nil {
		return nil, coalition.Motion{}, nil, err
	}
	text, err := fileText("motion", req.Motion)
	if err != nil {
		return nil, coalition.Motion{}, nil, err
	}
	mo, err := coalition.ParseMotion("motion", text)
	if err != nil {
		return nil, mo, nil, err
	}
	var sc *coalition.Scenario
	if wantScenario || len(req.Scenario) > 0 && string(req.Scenario) != "null" {
		text, err := fileText("scenario", req.Scenario)
		if err != nil {
			return nil, mo, nil, err
		}
		if sc, err = coalition.ParseScenario("scenario", text); err != nil {
			return nil, mo, nil, err
		}
	}
	day := mo.Date
	on, err := bodyDate("asof", req.AsOf)
	if err != nil {
		return nil, mo, nil, err
	}
	if !on.IsZero() {
		day = on
	}
	if s.svc.Forecasts == nil {
		return nil, mo, sc, fmt.Errorf("forecasts are not wired: %w", entente.ErrUnsupported)
	}
	f, err := s.svc.Forecasts.Forecaster(r.Context(), day)
	if err != nil {
		return nil, mo, sc, err
	}
	return f, mo, sc, nil
}

func (s *Server) predict(w nethttp.ResponseWriter, r *nethttp.Request) error {
	f, mo, _, err := s.readMotion(r, false)
	if err != nil {
		return err
	}
	p, err := f.Predict(r.Context(), mo)
	if err != nil {
		return fmt.Errorf("predict: %w", err)
	}
	return writeJSON(w, nethttp.StatusOK, p)
}

// coalitionResponse is the coalition of a motion and, with a scenario,
// what the scenario changes (the coalition is then the one after it).
type coalitionResponse struct {
	Coalition  *coalition.Coalition  `json:"coalition"`
	AsOf       time.Time             `json:"asof"`
	Simulation *coalition.Simulation `json:"simulation,omitempty"`
}

func (s *Server) coalition(w nethttp.ResponseWriter, r *nethttp.Request) error {
	f, mo, sc, err := s.readMotion(r, false)
	if err != nil {
		return err
	}
	p, err := f.Predict(r.Context(), mo)
	if err != nil {
		return fmt.Errorf("coalition: %w", err)
	}
	var sim *coalition.Simulation
	if sc != nil {
		if sim, err = f.Simulate(r.Context(), mo, sc); err != nil {
			return fmt.Errorf("coalition: scenario: %w", err)
		}
		p = sim.After
	}
	return writeJSON(w, nethttp.StatusOK, coalitionResponse{Coalition: f.Coalition(p), AsOf: p.AsOf, Simulation: sim})
}

func (s *Server) scenario(w nethttp.ResponseWriter, r *nethttp.Request) error {
	f, mo, sc, err := s.readMotion(r, true)
	if err != nil {
		return err
	}
	sim, err := f.Simulate(r.Context(), mo, sc)
	if err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	return writeJSON(w, nethttp.StatusOK, sim)
}
