package coder

// embedCode gives the code of an appeal, demand, intent or threat whose
// content is an act coded inner: "urged Japan to release" (appeal + 0841)
// is 0253, "vowed to strike" (intent + 190) is a threat of force, 1384.
// The tables follow the parallel structure of the CAMEO codebook, where
// categories 02, 03, 10 and 13 mirror the acts of 04–08 and 16–20.
func embedCode(fam family, base, inner string) string {
	if inner == "" {
		return base
	}
	root := inner[:2]
	switch fam {
	case famAppeal:
		return mirrorCoop("02", inner, root, base)
	case famDemand:
		return mirrorCoop("10", inner, root, base)
	case famIntent:
		switch root {
		case "04":
			if inner == "045" {
				return "039"
			}
			return "036"
		case "05":
			if inner == "057" {
				return "030"
			}
			return "032"
		case "06":
			return sub("031", inner, map[string]string{"061": "0311", "062": "0312", "063": "0313", "064": "0314"})
		case "07":
			return sub("033", inner, map[string]string{"071": "0331", "072": "0332", "073": "0333", "074": "0334"})
		case "08":
			if len(inner) >= 3 && inner[:3] == "083" {
				return sub("034", inner, map[string]string{"0831": "0341", "0832": "0342", "0833": "0343", "0834": "0344"})
			}
			return sub("035", inner, map[string]string{
				"081": "0351", "082": "0352", "084": "0353", "0841": "0353", "0842": "0353",
				"085": "0354", "086": "0355", "087": "0356", "0871": "0356", "0872": "0356", "0873": "0356", "0874": "0356",
			})
		case "03", "01", "02":
			return base
		}
		// Announcing a hostile act is a threat of it.
		return threatCode(inner)
	case famThreaten:
		return threatCode(inner)
	}
	return base
}

// mirrorCoop maps an act onto the appeal (02) or demand (10) category that
// asks for it.
func mirrorCoop(prefix, inner, root, base string) string {
	var tail string
	switch root {
	case "04":
		tail = "6"
		if inner == "045" {
			tail = "8"
		}
	case "05":
		tail = "2"
	case "06":
		tail = "1" + digit(inner, map[string]string{"061": "1", "062": "2", "063": "3", "064": "4"})
	case "07":
		tail = "3" + digit(inner, map[string]string{"071": "1", "072": "2", "073": "3", "074": "4"})
	case "08":
		if len(inner) >= 3 && inner[:3] == "083" {
			tail = "4" + digit(inner, map[string]string{"0831": "1", "0832": "2", "0833": "3", "0834": "4"})
		} else {
			tail = "5" + digit(inner, map[string]string{
				"081": "1", "082": "2", "084": "3", "0841": "3", "0842": "3", "085": "4", "086": "5",
				"087": "6", "0871": "6", "0872": "6", "0873": "6", "0874": "6",
			})
		}
	case "01", "09", "11", "12", "13", "16":
		// Asking others to condemn, reject or sanction is a plea for
		// diplomatic support.
		tail = "2"
	case "03":
		// Asking others to meet, settle or accept mediation: "urged both
		// countries to resolve the dispute" is 027.
		switch {
		case len(inner) >= 3 && inner[:3] == "036":
			tail = "6"
		case len(inner) >= 3 && inner[:3] == "037":
			tail = "7"
		case len(inner) >= 3 && (inner[:3] == "038" || inner[:3] == "039"):
			// Asking a party to mediate or to accept mediation.
			tail = "8"
		default:
			return base
		}
	default:
		return base
	}
	if prefix == "02" {
		return "02" + tail
	}
	return "10" + tail
}

func digit(code string, m map[string]string) string {
	if d, ok := m[code]; ok {
		return d
	}
	if len(code) > 3 {
		if d, ok := m[code[:3]]; ok {
			return d
		}
	}
	return ""
}

func sub(general, code string, m map[string]string) string {
	if c, ok := m[code]; ok {
		return c
	}
	if len(code) > 3 {
		if c, ok := m[code[:3]]; ok {
			return c
		}
	}
	return general
}

// threatCode is the threat (13) of the act inner.
func threatCode(inner string) string {
	switch {
	case inner == "204" || inner == "2041" || inner == "2042":
		return "1385"
	case inner == "191":
		return "1381"
	case inner == "192":
		return "1382"
	case inner[:2] == "18" || inner[:2] == "20":
		return "1383"
	case inner[:2] == "19":
		return "1384"
	case inner[:2] == "15":
		return "138"
	case len(inner) >= 3 && inner[:3] == "163":
		return "1312"
	case len(inner) >= 3 && inner[:3] == "162":
		return "1311"
	case len(inner) >= 3 && inner[:3] == "161":
		return "1313"
	case inner == "164":
		return "134"
	case inner == "165":
		return "135"
	case len(inner) >= 3 && inner[:3] == "166":
		return "136"
	case len(inner) >= 3 && inner[:3] == "172":
		return "132"
	case inner[:2] == "17":
		return "137"
	case inner[:2] == "16":
		return "131"
	case inner[:2] == "14":
		return "133"
	}
	return "130"
}

// refuseCode is the rejection (12) CAMEO codes for an explicit refusal of
// the act code: refusing to meet is 125, to cooperate 121, to give aid
// 122, to yield 124 ("refused to release the prisoners" is 1243), to sign
// an agreement 127. Acts with no rejection of their own ("refused to
// condemn") stay negated acts, and ok is false for them.
func refuseCode(code string) (string, bool) {
	if len(code) < 3 {
		return "", false
	}
	switch code[:2] {
	case "03":
		// Refusing to commit to an act refuses the act itself.
		switch {
		case code[:3] == "031":
			return "121", true
		case code[:3] == "033":
			return sub("122", code, map[string]string{"0331": "1221", "0332": "1222", "0333": "1223", "0334": "1224"}), true
		case code[:3] == "035":
			return "124", true
		case code[:3] == "036":
			return "125", true
		case code[:3] == "038":
			return "126", true
		}
		return "", false
	case "04":
		if code[:3] == "045" {
			return "126", true
		}
		return "125", true
	case "06":
		return sub("121", code, map[string]string{"061": "1211", "062": "1212", "063": "1213"}), true
	case "05":
		// Refusing to sign an agreement rejects it (127); refusing
		// praise or recognition stays a negated act.
		if code[:3] == "057" {
			return "127", true
		}
		return "", false
	case "07":
		return sub("122", code, map[string]string{"071": "1221", "072": "1222", "073": "1223", "074": "1224"}), true
	case "08":
		return sub("124", code, map[string]string{
			"081": "1241", "0811": "1241", "0812": "1241", "0813": "1241", "0814": "1241",
			"082": "1242", "083": "123", "0831": "1231", "0832": "1232", "0833": "1233", "0834": "1234",
			"084": "1243", "0841": "1243", "0842": "1243", "085": "1244",
			"086": "1245", "0861": "1245", "0862": "1245", "0863": "1245",
			"087": "1246", "0871": "1246", "0872": "1246", "0873": "1246", "0874": "1246",
		}), true
	}
	return "", false
}
