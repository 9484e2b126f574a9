package memstore

import (
	"testing"

	"entente"
	"entente/storetest"
)

func TestStore_Contract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) entente.Store { return New() })
}
