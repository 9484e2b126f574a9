package duckdb

import (
	"context"
	"fmt"

	"entente"
)

// PutArtifact implements entente.Tx.
func (t *tx) PutArtifact(ctx context.Context, a entente.Artifact, keep int) error {
	if a.Kind == "" || a.Key == "" {
		return fmt.Errorf("put artifact: kind and key are required: %w", entente.ErrInvalid)
	}
	if err := t.exec(ctx, `DELETE FROM artifacts WHERE kind = ? AND key = ?`, a.Kind, a.Key); err != nil {
		return fmt.Errorf("put artifact %s: %w", a.Kind, err)
	}
	if err := t.exec(ctx, `INSERT INTO artifacts VALUES (?, ?, ?, ?)`, a.Kind, a.Key, a.Created, a.Body); err != nil {
		return fmt.Errorf("put artifact %s: %w", a.Kind, err)
	}
	if keep > 0 {
		// Ties on the creation time are broken by key so that exactly keep
		// rows stay.
		err := t.exec(ctx, `DELETE FROM artifacts WHERE kind = ? AND key NOT IN (
			SELECT key FROM artifacts WHERE kind = ? ORDER BY created DESC, key LIMIT ?)`, a.Kind, a.Kind, keep)
		if err != nil {
			return fmt.Errorf("put artifact %s: prune: %w", a.Kind, err)
		}
	}
	return nil
}

// Artifact implements entente.Reader.
func (r reader) Artifact(ctx context.Context, kind, key string) (entente.Artifact, error) {
	rows, err := r.query(ctx, `SELECT kind, key, created, body FROM artifacts WHERE kind = ? AND key = ?`, kind, key)
	if err != nil {
		return entente.Artifact{}, fmt.Errorf("artifact %s: %w", kind, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return entente.Artifact{}, fmt.Errorf("artifact %s: %w", kind, err)
		}
		return entente.Artifact{}, fmt.Errorf("artifact %s %s: %w", kind, key, entente.ErrNotFound)
	}
	var a entente.Artifact
	if err := rows.Scan(&a.Kind, &a.Key, &a.Created, &a.Body); err != nil {
		return entente.Artifact{}, fmt.Errorf("artifact %s: %w", kind, err)
	}
	a.Created = a.Created.UTC()
	return a, nil
}
