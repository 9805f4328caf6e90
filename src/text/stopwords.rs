//! French and English stopwords, folded (no accents): words too common to be a trend on their own.
//! Beyond grammar words, the everyday words a person's feed carries all week in any mood (*rien*,
//! *puis*, *matin*; *please*, *took*, *two*): a burst of posts carries them too, so without them a burst
//! about one topic would also "raise" the day's ordinary vocabulary. Also the debris of links (`https`,
//! `www`, `com`) that would otherwise trend with every shared URL.
pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.binary_search(&folded).is_ok()
}

// Sorted (binary search); the test below keeps it so.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "across", "actually", "after", "again", "against", "ago", "ai", "aie", "ailleurs",
    "ain", "ainsi", "all", "alle", "allee", "aller", "allez", "almost", "along", "alors", "already", "also",
    "always", "am", "among", "amp", "an", "and", "annee", "annees", "another", "ans", "any", "anybody",
    "anyone", "anything", "apres", "are", "aren", "around", "arrive", "arriver", "as", "assez", "at", "au",
    "aucun", "aujourd", "aupres", "aura", "aurait", "auront", "aussi", "autant", "autre", "autres", "aux",
    "avaient", "avais", "avait", "avant", "avec", "avez", "avoir", "avons", "ayant", "back", "be", "beaucoup",
    "because", "been", "before", "behind", "being", "below", "beside", "besides", "best", "better", "between",
    "bien", "bientot", "big", "bit", "bon", "bonjour", "bonne", "bonnes", "bons", "bonsoir", "both", "but",
    "by", "c", "ca", "call", "called", "came", "can", "cannot", "car", "ce", "ceci", "cela", "celle",
    "celles", "celui", "cent", "cependant", "certain", "certaine", "certains", "certes", "ces", "cest", "cet",
    "cette", "ceux", "chaque", "chez", "chose", "choses", "cinq", "co", "com", "combien", "come", "comes",
    "comme", "comment", "connais", "contre", "could", "couldn", "crois", "d", "dans", "day", "days", "de",
    "dedans", "definitely", "dehors", "deja", "demain", "depuis", "des", "desormais", "dessous", "dessus",
    "deux", "devant", "devrait", "did", "didn", "dire", "dis", "disent", "dit", "dix", "do", "does", "doesn",
    "doing", "doit", "doivent", "don", "donc", "donne", "donner", "dont", "down", "du", "during", "each",
    "eight", "either", "elle", "elles", "else", "en", "encore", "enfin", "enough", "entre", "environ", "es",
    "est", "et", "etaient", "etais", "etait", "etant", "etc", "ete", "etes", "etre", "eu", "eux", "even",
    "evening", "ever", "every", "everybody", "everyone", "everything", "faire", "fais", "faisait", "fait",
    "falloir", "faut", "feel", "felt", "few", "find", "first", "five", "fois", "font", "for", "found", "four",
    "from", "further", "gave", "gens", "get", "gets", "getting", "give", "given", "go", "goes", "going",
    "gone", "gonna", "good", "got", "grand", "grande", "grands", "great", "guy", "guys", "had", "hadn", "has",
    "hasn", "have", "haven", "having", "he", "her", "here", "hers", "heure", "heures", "hier", "him", "his",
    "hors", "how", "http", "https", "hui", "huit", "hundred", "i", "ici", "if", "il", "ils", "im", "in",
    "instead", "into", "is", "isn", "it", "its", "ive", "j", "jamais", "je", "jour", "journee", "jours",
    "jusqu", "jusque", "just", "juste", "keep", "kept", "kind", "knew", "know", "l", "la", "last", "later",
    "le", "les", "let", "lets", "leur", "leurs", "like", "liked", "literally", "little", "ll", "lol", "long",
    "look", "looking", "looks", "lorsque", "lot", "lots", "lui", "m", "ma", "made", "maintenant", "mais",
    "make", "makes", "malgre", "man", "many", "matin", "maybe", "mdr", "me", "meme", "memes", "merci", "mes",
    "met", "mettre", "mieux", "mille", "minute", "minutes", "mis", "moi", "moins", "mois", "mon", "month",
    "months", "more", "morning", "most", "much", "my", "n", "ne", "need", "needs", "neither", "neuf", "never",
    "new", "next", "ni", "night", "nine", "no", "nobody", "non", "nor", "nos", "not", "nothing", "notre",
    "nous", "nouveau", "nouveaux", "nouvelle", "now", "nuit", "of", "off", "okay", "on", "once", "one",
    "only", "ont", "or", "other", "ou", "ouais", "oui", "our", "ours", "out", "over", "own", "par", "parce",
    "parfois", "parmi", "part", "partout", "pas", "passe", "passer", "pendant", "pense", "pensez", "people",
    "per", "petit", "petite", "petits", "peu", "peut", "peuvent", "peux", "pire", "please", "plus",
    "plusieurs", "plutot", "pour", "pourquoi", "pourrait", "pourtant", "pouvait", "premier", "premiere",
    "premiers", "prend", "prendre", "presque", "pretty", "pris", "probably", "ptdr", "puis", "put", "qu",
    "quand", "quant", "quatre", "que", "quel", "quelle", "quelles", "quelqu", "quelque", "quelques",
    "quelquun", "quels", "qui", "quite", "quoi", "quoique", "rather", "re", "really", "reste", "rester",
    "rien", "right", "rt", "s", "sa", "said", "sais", "sait", "salut", "same", "sans", "savoir", "saw", "say",
    "says", "se", "see", "seen", "sees", "selon", "semaine", "semaines", "sept", "sera", "serais", "serait",
    "seront", "ses", "seul", "seule", "seulement", "seven", "she", "should", "shouldn", "si", "since",
    "sinon", "sitot", "six", "so", "soir", "soiree", "soit", "some", "someone", "something", "sommes", "son",
    "sont", "soon", "sort", "sortir", "sous", "souvent", "still", "such", "suis", "suite", "sur", "sure",
    "surtout", "t", "ta", "take", "takes", "taking", "tandis", "tant", "tard", "te", "tell", "tellement",
    "temps", "ten", "tes", "than", "thank", "thanks", "that", "thats", "the", "their", "theirs", "them",
    "then", "there", "theres", "these", "they", "thing", "things", "think", "this", "those", "though",
    "thought", "thousand", "three", "through", "time", "times", "tjrs", "tjs", "to", "today", "toi", "told",
    "tomorrow", "ton", "tonight", "too", "took", "tot", "toujours", "tous", "tout", "toute", "toutes",
    "toward", "towards", "tres", "tried", "trois", "trop", "trouve", "trouver", "try", "tu", "two", "un",
    "under", "une", "until", "up", "upon", "use", "used", "va", "vais", "vas", "ve", "venir", "venu", "vers",
    "very", "veut", "veux", "via", "viens", "vient", "vite", "voici", "voila", "voir", "vois", "voit", "vos",
    "votre", "voulez", "vous", "vraiment", "vu", "vue", "wanna", "want", "wanted", "was", "wasn", "way",
    "ways", "we", "week", "weeks", "well", "went", "were", "weren", "what", "when", "where", "whether",
    "which", "while", "who", "whom", "why", "will", "with", "within", "without", "won", "work", "working",
    "works", "would", "wouldn", "www", "y", "yeah", "year", "years", "yes", "yesterday", "yet", "you", "your",
    "youre", "yours",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_found() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]), "keep STOPWORDS sorted and unique");
        assert!(is_stopword("the") && is_stopword("etait") && is_stopword("https"));
        assert!(!is_stopword("decathlon"));
        // The ordinary words a week of history flagged as "new" (issue 16): never a trend.
        for w in ["rien", "puis", "matin", "please", "took", "two"] {
            assert!(is_stopword(w), "{w}");
        }
    }
}
