package ingest

import (
	"strings"
	"unicode"
)

// Signature is a MinHash signature of a text's word shingles. Two
// signatures agree in a share of positions that estimates the Jaccard
// similarity of the two shingle sets.
type Signature []uint64

// splitmix64 derives well-spread hash seeds from one seed, so that the
// signature is reproducible across runs and machines.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Sign computes the signature of text with the config's shingle size,
// length and seed. Texts are compared after Normalize, so that copies
// differing only in typography or spacing are identical.
func (c Config) Sign(text string) Signature {
	words := strings.FieldsFunc(Normalize(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	sig := make(Signature, c.Hashes)
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	seeds := make([]uint64, c.Hashes)
	for i := range seeds {
		seeds[i] = splitmix64(c.Seed + uint64(i))
	}
	k := c.Shingle
	if len(words) < k {
		k = len(words)
	}
	for i := 0; i+k <= len(words) && k > 0; i++ {
		// FNV-1a over the shingle's words with a separator.
		h := uint64(14695981039346656037)
		for _, w := range words[i : i+k] {
			for j := 0; j < len(w); j++ {
				h ^= uint64(w[j])
				h *= 1099511628211
			}
			h ^= ' '
			h *= 1099511628211
		}
		for j, s := range seeds {
			if v := splitmix64(h ^ s); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

// Similarity estimates the Jaccard similarity of the texts behind two
// signatures of the same length.
func Similarity(a, b Signature) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
