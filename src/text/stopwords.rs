//! French and English stopwords, folded (no accents): words too common to be a trend on their own.
//! Also the debris of links (`https`, `www`, `com`) that would otherwise trend with every shared URL.
pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.binary_search(&folded).is_ok()
}

// Sorted (binary search); the test below keeps it so.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "ai", "aie", "ainsi", "all", "alors",
    "also", "am", "amp", "an", "and", "any", "apres", "are", "as", "at", "au", "aucun", "aupres",
    "aussi", "autre", "autres", "aux", "avaient", "avais", "avait", "avant", "avec", "avez",
    "avoir", "avons", "ayant", "be", "beaucoup", "because", "been", "before", "being", "below",
    "between", "bien", "both", "but", "by", "c", "ca", "can", "ce", "ceci", "cela", "celle",
    "celles", "celui", "ces", "cet", "cette", "ceux", "chaque", "chez", "co", "com", "comme",
    "comment", "could", "d", "dans", "de", "des", "did", "do", "does", "doing", "donc", "dont",
    "down", "du", "during", "each", "elle", "elles", "en", "encore", "entre", "es", "est", "et",
    "etaient", "etais", "etait", "etant", "ete", "etes", "etre", "eu", "eux", "faire", "fais",
    "fait", "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he",
    "her", "here", "hers", "him", "his", "how", "http", "https", "i", "ici", "if", "il", "ils",
    "in", "into", "is", "it", "its", "j", "je", "just", "l", "la", "le", "les", "leur", "leurs",
    "lui", "m", "ma", "mais", "me", "meme", "memes", "mes", "moi", "mon", "more", "most", "my", "n",
    "ne", "ni", "no", "non", "nor", "nos", "not", "notre", "nous", "now", "of", "off", "on", "once",
    "only", "ont", "or", "other", "ou", "our", "ours", "out", "over", "own", "par", "parce", "pas",
    "peu", "peut", "plus", "pour", "pourquoi", "qu", "quand", "que", "quel", "quelle", "quelles",
    "quels", "qui", "quoi", "re", "rt", "s", "sa", "same", "sans", "se", "ses", "she", "should",
    "si", "so", "soit", "some", "son", "sont", "sous", "such", "suis", "sur", "t", "ta", "te",
    "tes", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "toi", "ton", "too", "tous", "tout", "toute", "toutes",
    "tres", "tu", "un", "under", "une", "until", "up", "very", "via", "vos", "votre", "vous", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "www", "y", "you", "your", "yours",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_found() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]), "keep STOPWORDS sorted and unique");
        assert!(is_stopword("the") && is_stopword("etait") && is_stopword("https"));
        assert!(!is_stopword("decathlon"));
    }
}
