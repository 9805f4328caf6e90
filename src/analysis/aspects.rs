//! Aspects, French and English: what a post talks about (a product's parts and features, a service's
//! steps: "batterie", "appareil photo", "delivery", "customer service") and what it says of each:
//! liked, disliked, or requested ("il manque une prise jack", "please add eSIM support").
//!
//! No tagger and no model: the post's tokens, the sentiment rules' evidence and the request cue,
//! read with a vocabulary of the words customers use for what they buy.
//!
//!  1. Candidates. A run of known aspect nouns (`NOUNS`, with plurals) joined as one phrase: English
//!     noun noun ("battery life", "customer service"), French noun noun and noun de noun ("prise
//!     jack", "frais de port", "autonomie de la batterie"), with classifying adjectives ("mode
//!     sombre", "dark mode"). An unknown word counts too where only a noun fits: after an article or
//!     a possessive ("the saddle", "mon colis"), or opening a clause before a copula or an opinion
//!     word ("Saddle is …", "Plats froids"). Not aspects: names (a capital inside a sentence:
//!     brands, products), hashtags and mentions, function words, opinion and trouble words, and the
//!     words for the product as a whole ("phone", "appli": the post's own sentiment covers them).
//!  2. Requested: in the sentence of a request cue (intent.rs: "il manque", "please add", "j'aimerais"),
//!     unless its own clause holds an opinion; after a stated lack ("pas de X", "no X", "why no X",
//!     "dommage qu'il n'y ait pas de X", "aucun X", "not included").
//!  3. Liked or disliked: the sign of the nearest opinion in its clause (the rules' evidence, where
//!     negation is already applied, plus a few product words the lexicons lack: "tinny",
//!     "illisible"); else in its sentence; else none: a spec sheet or a question states no opinion.
//!
//! Measured on tests/fixtures/aspects/gold.tsv (`ecoute eval-aspects`, QUALITY.md).
use serde::{Deserialize, Serialize};

use super::facts::{self, Facts};
use super::tokens::{Kind, Token};
use super::{Evidence, EvidenceKind, Intent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Liked,
    Disliked,
    Requested,
}

/// One aspect of one post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aspect {
    /// As written in the post, lowercased.
    pub text: String,
    pub polarity: Polarity,
    /// Byte offsets in the analysed text.
    pub start: usize,
    pub end: usize,
    /// The same thing across languages and wordings, in English ("batterie", "autonomie", "battery
    /// life" → "battery"), for the few themes every product has; absent otherwise. Aggregates key on
    /// it when present, on `text` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

/// Nouns customers use for the parts, features and steps of what they buy, folded (no accents),
/// singular (plurals in -s/-x are looked up singular).
static NOUNS: &[&str] = &[
    // phones, devices
    "battery", "batterie", "autonomie", "camera", "appareil", "photo", "photos", "capteur", "lens", "objectif",
    "zoom", "screen", "ecran", "display", "affichage", "speaker", "haut-parleur", "haut-parleurs", "sound", "son",
    "audio", "micro", "microphone", "jack", "prise", "port", "slot", "esim", "sim", "microsd", "usb-c", "usb",
    "charger", "chargeur", "charging", "recharge", "chargement", "cable", "fingerprint", "empreinte",
    "empreintes", "sensor", "face", "unlock", "reconnaissance", "design", "bump", "weight", "poids", "size",
    "taille", "price", "prix", "tarif", "cout", "value", "quality", "qualite", "build", "finish",
    "finition", "finitions", "update", "updates", "software", "logiciel", "mise", "mises", "vibration",
    "vibreur", "motor", "moteur", "signal", "reception", "network", "reseau", "haptics", "haptic", "processor",
    "processeur", "chip", "puce", "performance", "performances", "storage", "stockage", "memory", "memoire",
    "ram", "wifi", "wi-fi", "bluetooth", "nfc", "gps", "5g", "4g", "oled", "night", "nuit", "mode", "modes",
    "shots", "shot", "life", "vie", "video", "videos", "selfie", "case", "coque", "cover", "button", "buttons", "bouton",
    "boutons", "keyboard", "clavier", "trackpad", "pave", "touchpad", "tactile", "headphone", "headphones",
    "earbuds", "ecouteurs", "casque", "noise", "cancelling", "canceling", "reduction", "bruit", "fit",
    "comfort", "confort", "calls", "appels", "appel", "call", "volume", "brightness", "luminosite", "colors",
    "colours", "couleurs", "couleur", "resolution", "durability", "solidite", "glass", "verre", "frame",
    "heat", "chaleur", "temperature", "lag", "speed", "vitesse", "vitesses", "120hz", "hz", "refresh",
    "rate", "stylus", "stylet", "strap", "bracelet", "warranty", "garantie", "accessories", "accessoires",
    // delivery, shopping
    "delivery", "deliveries", "livraison", "livraisons", "shipping", "expedition", "package", "parcel", "colis",
    "order", "commande", "courier", "livreur", "driver", "tracking", "suivi", "refund", "remboursement",
    "return", "returns", "retour", "retours", "exchange", "echange", "packaging", "emballage", "box", "boite",
    "pickup", "relais", "locker", "point", "points", "customer", "client", "service", "support", "sav",
    "after-sales", "helpline", "hotline", "agent", "conseiller", "conseillere", "checkout", "payment",
    "paiement", "frais", "fees", "fee", "time", "times", "temps", "delai", "delais", "creneau", "slot",
    "stock", "invoice", "facture", "website", "site", "process", "processus", "page",
    // apps
    "interface", "ui", "ux", "menu", "menus", "navigation", "notifications", "notification", "sync",
    "synchronisation", "login", "connexion", "sign-up", "signup", "inscription", "onboarding", "search",
    "recherche", "export", "import", "feature", "features", "fonction", "fonctionnalite", "fonctionnalites",
    "option", "options", "setting", "settings", "reglage", "reglages", "parametre", "parametres", "widget",
    "widgets", "tab", "onglet", "ads", "ad", "pub", "pubs", "publicite", "publicites", "subscription",
    "abonnement", "font", "police", "offline", "dark", "sombre", "theme", "redesign", "refonte", "version",
    "loading", "password", "manager", "integration", "integrations", "list", "liste", "shopping", "courses",
    "drain", "pairing", "appairage", "account", "compte", "profile", "profil", "dashboard", "map", "maps",
    "carte", "cartes", "pdf", "backup", "sauvegarde", "security", "securite", "privacy", "confidentialite",
    "translation", "traduction", "accessibility", "accessibilite", "shortcut", "raccourci", "folders",
    "folder", "dossier", "dossiers", "calendar", "agenda", "home", "accueil", "bug", "crashes",
    // restaurants, hotels
    "food", "cuisine", "plat", "plats", "dish", "dishes", "pasta", "pates", "pizza", "burger", "burgers",
    "fries", "frites", "dessert", "desserts", "tiramisu", "coffee", "cafe", "wine", "vin", "vins", "beer",
    "biere", "bread", "pain", "ramen", "broth", "bouillon", "soup", "soupe", "salad", "salade", "meat", "viande",
    "fish", "poisson", "portion", "portions", "staff", "personnel", "waiter", "waitress", "serveur", "serveuse",
    "service", "terrace", "terrasse", "atmosphere", "ambiance", "decor", "deco", "music", "musique", "table",
    "tables", "wait", "attente", "booking", "reservation", "menu", "carte", "drinks", "boissons", "cocktails",
    "breakfast", "petit-dejeuner", "dinner", "diner", "lunch", "dejeuner", "brunch", "room", "rooms",
    "chambre", "chambres", "bed", "lit", "literie", "check-in", "enregistrement", "reception", "desk",
    "bathroom", "salle", "shower", "douche", "pool", "piscine", "parking", "location", "emplacement",
    "view", "vue", "cleanliness", "proprete", "noise", "welcome", "vegetarian", "vegetariennes", "vegetarien",
    "vegetarienne", "vegetariens", "gluten", "chef", "options",
    // bikes
    "gears", "gear", "brakes", "brake", "frein", "freins", "saddle", "selle", "range", "chain", "chaine",
    "lights", "eclairage", "phare", "lumieres", "kickstand", "bequille", "tires", "tyres", "tire",
    "pneus", "pneu", "wheel", "wheels", "roue", "roues", "rack", "porte-bagages", "lock", "antivol",
    "assembly", "montage", "instructions", "notice", "pedals", "pedales", "handlebar", "guidon", "ride",
    "assistance", "suspension", "suspensions", "fork", "fourche", "cadre",
    // money and accounts
    "card", "fees", "app-pairing", "rates", "interest", "design",
];

/// Words for the product or the place as a whole: the post's sentiment already speaks of them, and a
/// board of top aspects full of "phone" and "app" says nothing. Allowed inside a longer phrase ("app
/// pairing", "phone support").
static WHOLE: &[&str] = &[
    "phone", "phones", "smartphone", "telephone", "tel", "portable", "mobile", "app", "apps", "appli", "applis",
    "application", "product", "produit", "item", "article", "thing", "truc", "restaurant", "resto", "place",
    "endroit", "bike", "velo", "velos", "ebike", "model", "modele", "device", "appareil", "brand", "marque",
    "company", "entreprise", "societe", "shop", "magasin", "store", "boutique", "hotel", "laptop", "ordi",
    "ordinateur", "tablet", "tablette", "everything", "tout", "experience", "purchase", "achat", "one",
    "version", "day", "jour", "week", "semaine", "month", "mois", "year", "an", "annee", "hour", "heure",
    "heures", "minutes", "minute", "fois", "time", "euros", "euro", "price-point", "people", "gens", "friends",
    "amis", "collegues", "family", "famille", "chose", "choses", "way", "lot", "bit", "sorte", "kind",
];

/// Nouns that name an aspect only inside a phrase: "battery life", "durée de vie", "night mode".
const PART_ONLY: &[&str] = &["life", "vie", "night", "nuit", "jour", "mode", "modes", "time", "times", "temps"];

/// Classifying adjectives that belong to the aspect's name, after a French noun ("mode sombre",
/// "options végétariennes") or before an English one ("dark mode", "wireless charging").
static FR_NAME_ADJ: &[&str] = &[
    "sombre", "faciale", "facial", "rapide", "integre", "integree", "tactile", "partage", "partagee",
    "gratuite", "gratuit", "bancaire", "vegetarien", "vegetarienne", "vegetariennes", "vegetariens", "photo",
    "client", "clients", "relais", "jack", "hors", "ligne", "pdf", "usb-c", "microsd", "sans", "sans-fil",
    "mobile", "vocal", "vocale", "vocaux", "hz", "120", "90", "5g", "nfc", "oled", "amoled", "arriere",
    "avant", "principal", "principale", "photo", "apres-vente", "postal", "express",
];
static EN_NAME_ADJ: &[&str] = &[
    "dark", "night", "wireless", "fast", "free", "vegetarian", "vegan", "built-in", "low", "light", "shared", "offline",
    "customer", "after-sales", "front", "rear", "main", "ultra-wide", "ultrawide", "face", "gluten",
    "evening", "next-day", "same-day", "express", "home", "mobile", "online", "phone", "voice", "battery",
    "camera", "room", "hotel", "card", "app", "password", "touch", "headphone", "noise", "usb-c", "microsd",
    "esim", "120hz", "90hz", "5g", "nfc", "oled", "smart", "auto", "automatic", "manual", "quick",
];

/// Trouble words: what is wrong with an aspect, not an aspect.
static TROUBLE: &[&str] = &[
    "problem", "problems", "issue", "issues", "complaint", "complaints", "bug", "bugs", "souci", "soucis",
    "probleme", "problemes", "panne", "pannes", "honte", "galere", "nightmare", "cauchemar", "joke",
    "blague", "mess", "disaster", "catastrophe", "scam", "arnaque", "eternite", "forever", "touch", "fail", "pain",
    "suggestion", "idea", "idee", "proposition", "request", "wish", "surprise",
];

/// Product-context opinion words the sentiment lexicons lack or read otherwise, with their sign.
static OPINION: &[(&str, f32)] = &[
    ("tinny", -1.0), ("blurry", -1.0), ("flou", -1.0), ("floue", -1.0), ("flous", -1.0), ("floues", -1.0),
    ("wobbles", -1.0), ("wobbly", -1.0), ("grippy", 1.0), ("crisp", 1.0), ("mou", -1.0), ("molle", -1.0),
    ("illisible", -1.0), ("illisibles", -1.0), ("abime", -1.0), ("abimee", -1.0), ("abimes", -1.0),
    ("damaged", -1.0), ("froid", -1.0), ("froids", -1.0), ("froide", -1.0), ("froides", -1.0), ("cold", -1.0),
    ("tiede", -1.0), ("lukewarm", -1.0), ("soggy", -1.0), ("bland", -1.0), ("fade", -1.0), ("overpriced", -1.0),
    ("pricey", -1.0), ("tiny", -1.0), ("minuscule", -1.0), ("minuscules", -1.0), ("ridicules", -1.0),
    ("ridicule", -1.0), ("exorbitants", -1.0), ("exorbitant", -1.0), ("exorbitante", -1.0), ("abuse", -1.0),
    ("chauffe", -1.0), ("chauffent", -1.0), ("surchauffe", -1.0), ("overheats", -1.0), ("overheating", -1.0),
    ("fond", -1.0), ("drains", -1.0), ("dies", -1.0), ("died", -1.0), ("laggy", -1.0), ("rame", -1.0),
    ("plante", -1.0), ("plantent", -1.0), ("crash", -1.0), ("crashes", -1.0), ("crashing", -1.0),
    ("freezes", -1.0), ("disconnecting", -1.0), ("deconnectent", -1.0), ("deconnecte", -1.0), ("sauter", -1.0),
    ("saute", -1.0), ("heavy", -1.0), ("lourd", -1.0), ("lourde", -1.0), ("loud", -1.0), ("forte", -1.0),
    ("bruyant", -1.0), ("bruyante", -1.0), ("noisy", -1.0), ("weak", -1.0), ("faible", -1.0), ("dim", -1.0),
    ("sombre", -1.0), ("bright", 1.0), ("lumineux", 1.0), ("lumineuse", 1.0), ("fast", 1.0), ("rapide", 1.0),
    ("rapides", 1.0), ("quick", 1.0), ("quickly", 1.0), ("vite", 1.0), ("solid", 1.0), ("solide", 1.0),
    ("costaud", 1.0), ("light", 1.0), ("leger", 1.0), ("legere", 1.0), ("smooth", 1.0), ("smoothly", 1.0),
    ("smoother", 1.0), ("fluide", 1.0), ("powerful", 1.0), ("puissant", 1.0), ("puissants", 1.0),
    ("puissante", 1.0), ("accurate", 1.0), ("fiable", 1.0), ("reliable", 1.0), ("spotless", 1.0),
    ("impeccable", 1.0), ("clean", 1.0), ("claire", 1.0), ("clair", 1.0), ("intuitive", 1.0), ("intuitif", 1.0),
    ("comfy", 1.0), ("homemade", 1.0), ("maison", 1.0), ("cosy", 1.0), ("cozy", 1.0), ("chaleureuse", 1.0),
    ("chaleureux", 1.0), ("glacial", -1.0), ("glaciale", -1.0), ("interminable", -1.0), ("slow", -1.0),
    ("lent", -1.0), ("lente", -1.0), ("lents", -1.0), ("lentes", -1.0), ("useless", -1.0), ("inutile", -1.0),
    ("confus", -1.0), ("confusing", -1.0), ("incomprehensible", -1.0), ("bitter", -1.0), ("amer", -1.0),
    ("uncomfortable", -1.0), ("inconfortable", -1.0), ("ponctuel", 1.0), ("reactif", 1.0), ("reactive", 1.0),
    ("soigne", 1.0), ("intact", 1.0), ("on-time", 1.0), ("delicieux", 1.0), ("delicious", 1.0),
    ("immangeables", -1.0), ("immangeable", -1.0), ("injoignable", -1.0), ("unreachable", -1.0),
    ("decevants", -1.0), ("decevante", -1.0), ("decevant", -1.0), ("disappointing", -1.0),
    ("broke", -1.0), ("casse", -1.0), ("cassee", -1.0), ("leaks", -1.0), ("leak", -1.0), ("leaking", -1.0),
    ("fuit", -1.0), ("fuite", -1.0), ("flattened", -1.0), ("affaisse", -1.0), ("affaisses", -1.0), ("drift", -1.0),
    ("derivent", -1.0), ("scratched", -1.0), ("scratches", -1.0), ("raye", -1.0), ("rayee", -1.0), ("peeling", -1.0),
    ("decolle", -1.0), ("lache", -1.0), ("stuck", -1.0), ("coince", -1.0), ("bloque", -1.0), ("disconnects", -1.0),
    ("fortune", -1.0), ("patchy", -1.0), ("squeak", -1.0), ("squeaks", -1.0), ("grincent", -1.0), ("grince", -1.0),
    ("jerky", -1.0), ("brusque", -1.0), ("imprecis", -1.0), ("imprecise", -1.0), ("inaccurate", -1.0), ("rageant", -1.0),
    ("generous", 1.0), ("genereux", 1.0), ("genereuse", 1.0), ("painless", 1.0), ("tient", 1.0), ("tiennent", 1.0), ("lasts", 1.0), ("forever", -1.0), ("manquait", -1.0), ("manque", -1.0), ("lacked", -1.0), ("eternite", -1.0), ("polite", 1.0), ("poli", 1.0), ("polie", 1.0), ("barely", -1.0),
    ("capte", 0.0), ("accrochent", 1.0), ("flawless", 1.0), ("premium", 1.0),
];

/// Words that state a lack: the aspect after them is missing, hence wanted.
const LACK_BEFORE: &[&str] = &["no", "pas", "aucun", "aucune", "without", "sans", "missing", "lacks", "lacking"];


const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "feels", "feel", "looks", "seems", "est", "sont", "etait", "etaient", "was",
    "keeps", "keep", "has", "had", "a", "ont",
];

/// Common verbs and other words that follow an article without being nouns (French object
/// pronouns: "je le recommande"), or that are never a product's aspect.
static NOT_NOUNS: &[&str] = &[
    "same", "new", "old", "last", "next", "first", "other", "whole", "best", "worst", "only", "most",
    "nouveau", "nouvelle", "ancien", "ancienne", "dernier", "derniere", "premier", "premiere", "meme",
    "autre", "seul", "seule", "rest", "reste", "fact", "fait", "end", "fin", "moment", "cas",
    "cadeau", "gift", "sun", "soleil", "pluie", "rain", "morning", "matin", "soir", "evening",
    "weekend", "today", "detour", "coup", "peine", "bout", "base", "pouvoir", "devoir", "savoir", "vouloir", "avoir", "tonight", "box", "boite", "door", "porte", "table", "sister", "soeur", "mine",
];

#[inline]
fn in_list(list: &'static [&'static str], w: &str) -> bool {
    // The long lists through a hash set (this runs on every word of every post); short ones scanned.
    if list.len() < 24 {
        return list.contains(&w);
    }
    match vocab().sets.iter().find(|(p, _)| *p == list.as_ptr() as usize) {
        Some((_, set)) => set.contains(w),
        None => list.contains(&w),
    }
}

type FastSet = std::collections::HashSet<&'static str, std::hash::BuildHasherDefault<super::lexicon::FxHasher>>;

struct Vocab {
    /// (the list's address, its words).
    sets: Vec<(usize, FastSet)>,
    opinion: super::lexicon::FastMap<&'static str, f32>,
}

fn vocab() -> &'static Vocab {
    static VOCAB: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
    VOCAB.get_or_init(|| Vocab {
        sets: [NOUNS, WHOLE, NOT_NOUNS, EN_NAME_ADJ, FR_NAME_ADJ, TROUBLE]
            .iter()
            .map(|l| (l.as_ptr() as usize, l.iter().copied().collect()))
            .collect(),
        opinion: OPINION.iter().copied().collect(),
    })
}

/// Singular of a folded word, for the noun list ("freins" → "frein", "pneux" is not a word but
/// "jeux" → "jeu").
fn known_noun(w: &str) -> bool {
    in_list(NOUNS, w)
        || w.strip_suffix('s').is_some_and(|s| s.len() > 2 && in_list(NOUNS, s))
        || w.strip_suffix('x').is_some_and(|s| s.len() > 2 && in_list(NOUNS, s))
}

fn whole(w: &str) -> bool {
    in_list(WHOLE, w) || w.strip_suffix('s').is_some_and(|s| in_list(WHOLE, s))
}

/// A word as the extractor reads it: tokens joined by hyphens without spaces ("haut-parleurs",
/// "USB-C", "after-sales"), with its place in the post.
struct Unit<'a> {
    first: usize,
    last: usize,
    /// Folded; parts joined by "-" (borrowed from the token when it is one).
    norm: std::borrow::Cow<'a, str>,
    word: bool,
    clause: usize,
    sentence: usize,
    /// What the vocabulary says of the word (looked up once per distinct word, remembered).
    lx: Lex,
    /// Written as a name ([`is_name`]).
    name: bool,
}

/// `Lex::bits`.
const B_NOUN: u32 = 1; // a known aspect noun (plural or not), not on NOT_NOUNS
const B_WHOLE: u32 = 1 << 1;
const B_NOT_NOUN: u32 = 1 << 2;
const B_TROUBLE: u32 = 1 << 3;
const B_COPULA: u32 = 1 << 4;
const B_STOP: u32 = 1 << 5;
const B_VERBISH: u32 = 1 << 6;
const B_HEAT: u32 = 1 << 7;
const B_OPINION: u32 = 1 << 8;
/// A word that may state a lack or a wish ("no", "missing", "manque", "included", "use"), or make
/// an opinion with its neighbour ("too", "cheap"): a post with no opinion and none of these has no
/// aspect to report.
const B_LACKISH: u32 = 1 << 9;
const B_EN_ART: u32 = 1 << 10;
const B_FR_ART: u32 = 1 << 11;
const B_CIRC: u32 = 1 << 12;
const B_PURPOSE: u32 = 1 << 13;
const B_LACK_BEFORE: u32 = 1 << 14;
const B_EN_ADJ: u32 = 1 << 15;
const B_FR_ADJ: u32 = 1 << 16;
const B_PART: u32 = 1 << 17;
/// A known noun, NOT_NOUNS or not.
const B_KNOWN: u32 = 1 << 18;
const B_SERVICE: u32 = 1 << 19;
const B_CUSTOMER: u32 = 1 << 20;

/// One word's entry in the vocabulary, looked up once per distinct word and remembered with its
/// other facts (facts.rs).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lex {
    bits: u32,
    opinion: f32,
    /// [`word_theme`].
    theme: u8,
}

impl Lex {
    fn has(&self, bit: u32) -> bool {
        self.bits & bit != 0
    }

    pub(super) fn compute(w: &str) -> Lex {
        let mut bits = 0;
        for (yes, bit) in [
            (known_noun(w) && !in_list(NOT_NOUNS, w), B_NOUN),
            (whole(w), B_WHOLE),
            (in_list(NOT_NOUNS, w), B_NOT_NOUN),
            (in_list(TROUBLE, w), B_TROUBLE),
            (in_list(COPULAS, w), B_COPULA),
            (crate::text::stopwords::is_stopword(w), B_STOP),
            (verbish(w), B_VERBISH),
            (heat_word(w), B_HEAT),
            (in_list(EN_ARTICLES, w), B_EN_ART),
            (in_list(FR_ARTICLES, w), B_FR_ART),
            (in_list(CIRCUMSTANCE, w), B_CIRC),
            (in_list(PURPOSE, w), B_PURPOSE),
            (in_list(LACK_BEFORE, w), B_LACK_BEFORE),
            (in_list(EN_NAME_ADJ, w), B_EN_ADJ),
            (in_list(FR_NAME_ADJ, w), B_FR_ADJ),
            (in_list(PART_ONLY, w), B_PART),
            (known_noun(w), B_KNOWN),
            (matches!(w, "service" | "services" | "support"), B_SERVICE),
            (matches!(w, "customer" | "customers" | "client" | "clients"), B_CUSTOMER),
            (
                in_list(LACK_BEFORE, w)
                    || matches!(w, "missing" | "manque" | "included" | "inclus" | "fourni" | "use" | "needs" | "need" | "merite" | "meriterait")
                    // The opinions read from a word's neighbours (`extract`).
                    || matches!(w, "cheap" | "tomber" | "too" | "trop"),
                B_LACKISH,
            ),
        ] {
            if yes {
                bits |= bit;
            }
        }
        let opinion = opinion(w).unwrap_or(0.0);
        if opinion != 0.0 {
            bits |= B_OPINION;
        }
        Lex { bits, opinion, theme: word_theme(w) }
    }
}


fn units<'a>(text: &str, tokens: &'a [Token], facts: &[Facts]) -> Vec<Unit<'a>> {
    let mut out: Vec<Unit> = Vec::new();
    let (mut clause, mut sentence) = (0, 0);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if i > 0 && text.get(tokens[i - 1].end..t.start).is_some_and(|g| g.contains('\n')) {
            clause += 1;
            sentence += 1;
        }
        match t.kind {
            Kind::Punct => {
                if t.norm.contains(['.', '!', '?', '…', ';']) {
                    sentence += 1;
                }
                if t.norm.contains(['.', '!', '?', '…', ';', ',', ':', '(', ')', '"']) {
                    clause += 1;
                }
                i += 1;
            }
            Kind::Word | Kind::Number => {
                if t.kind == Kind::Word && facts[i].has(facts::CONTRAST) && (t.norm != "contre" || i > 0 && tokens[i - 1].norm == "par") {
                    clause += 1;
                    i += 1;
                    continue;
                }
                let mut last = i;
                let mut norm = std::borrow::Cow::Borrowed(t.norm.as_str());
                while let (Some(h), Some(n)) = (tokens.get(last + 1), tokens.get(last + 2)) {
                    let joined = h.kind == Kind::Punct
                        && h.norm == "-"
                        && h.start == tokens[last].end
                        && n.start == h.end
                        && matches!(n.kind, Kind::Word | Kind::Number);
                    if !joined {
                        break;
                    }
                    let joined = norm.to_mut();
                    joined.push('-');
                    joined.push_str(&n.norm);
                    last += 2;
                }
                let word = t.kind == Kind::Word;
                // Hyphenated words are rare: looked up afresh; the others come with their facts.
                let lx = if !word {
                    Lex::default()
                } else if last == i {
                    facts[i].aspect
                } else {
                    Lex::compute(&norm)
                };
                out.push(Unit { first: i, last, norm, word, clause, sentence, lx, name: false });
                i = last + 1;
            }
            _ => {
                // Hashtags, mentions, URLs, emoji: never aspects, but they sit between words.
                out.push(Unit { first: i, last: i, norm: std::borrow::Cow::Borrowed(""), word: false, clause, sentence, lx: Lex::default(), name: false });
                i += 1;
            }
        }
    }
    for u in 0..out.len() {
        out[u].name = is_name(text, tokens, &out, u);
    }
    out
}

/// A word written with a capital inside a sentence (not an acronym: "SAV", "PDF", "Wi-Fi"): a name,
/// a brand, a product. A sentence's first word is a name when the next is capitalised too ("Brioche
/// Phone").
fn is_name(text: &str, tokens: &[Token], us: &[Unit], u: usize) -> bool {
    let raw = |k: usize| text.get(tokens[us[k].first].start..tokens[us[k].last].end).unwrap_or_default();
    let capital = |k: usize| raw(k).chars().next().is_some_and(char::is_uppercase);
    let acronym = |k: usize| raw(k).chars().skip(1).any(char::is_uppercase);
    if !us[u].word || !capital(u) || acronym(u) {
        return false;
    }
    let first = tokens[us[u].first].start;
    let before = text.get(..first).unwrap_or_default().trim_end();
    let initial = before.is_empty() || before.ends_with(['.', '!', '?', ':', '…', '\n', '"', '(']);
    if initial {
        return us.get(u + 1).is_some_and(|n| n.word && n.sentence == us[u].sentence && capital(u + 1) && !acronym(u + 1));
    }
    true
}

fn heat_word(w: &str) -> bool {
    matches!(w, "chauffe" | "chauffent" | "surchauffe" | "overheats" | "overheating" | "overheat" | "heats")
}

/// Themes, first match wins: (theme, the folded words that name it, singular or plural).
static THEMES: &[(&str, &[&str])] = &[
    ("jack", &["jack"]),
    ("esim", &["esim"]),
    ("heat", &["chauffe", "chauffent", "surchauffe", "overheats", "overheating", "overheat", "heat", "chaleur", "temperature"]),
    ("camera", &["camera", "photo", "objectif", "lens", "shots", "zoom", "selfie"]),
    ("battery", &["battery", "batterie", "autonomie"]),
    ("charger", &["charger", "chargeur"]),
    ("screen", &["screen", "ecran", "display", "affichage"]),
    ("speakers", &["speaker", "haut-parleur", "haut-parleurs"]),
    ("customer service", &["sav", "after-sales", "support", "helpline", "hotline", "conseiller"]),
    ("delivery", &["delivery", "livraison", "shipping", "courier", "livreur", "driver", "parcel", "colis", "package"]),
    ("price", &["price", "prix", "tarif", "cost", "cout", "overpriced"]),
    ("refund", &["refund", "remboursement"]),
    ("dark mode", &["sombre", "dark"]),
    ("ads", &["ads", "ad", "pub", "pubs", "publicite"]),
    ("notifications", &["notification", "notifications"]),
    ("staff", &["staff", "personnel", "waiter", "serveur", "serveuse", "waitress"]),
    ("brakes", &["brake", "brakes", "frein", "freins"]),
    ("saddle", &["saddle", "selle"]),
];

/// The theme of one folded word (its parts too, "haut-parleurs"): 1 + its index in [`THEMES`], 0
/// when none.
fn word_theme(w: &str) -> u8 {
    let is = |x: &str, t: &str| x == t || x.strip_suffix('s') == Some(t);
    THEMES
        .iter()
        .position(|(_, ws)| ws.iter().any(|t| is(w, t) || w.contains('-') && w.split('-').any(|p| is(p, t))))
        .map_or(0, |i| i as u8 + 1)
}

/// The theme of units a..=b: "customer service" / "service client" first, else the first theme of
/// [`THEMES`] one of its words names.
fn theme_of(us: &[Unit], a: usize, b: usize) -> Option<&'static str> {
    let span = &us[a..=b];
    if span.iter().any(|x| x.lx.has(B_SERVICE)) && span.iter().any(|x| x.lx.has(B_CUSTOMER)) {
        return Some("customer service");
    }
    let t = span.iter().map(|x| x.lx.theme).filter(|&t| t > 0).min()?;
    THEMES.get(t as usize - 1).map(|(name, _)| *name)
}

const EN_ARTICLES: &[&str] = &["the", "a", "an", "my", "your", "his", "her", "its", "our", "their", "this", "that", "these", "those", "some", "more", "any", "no"];
const FR_ARTICLES: &[&str] = &[
    "le", "la", "les", "l", "un", "une", "des", "du", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos",
    "votre", "vos", "leur", "leurs", "ce", "cet", "cette", "ces", "plus", "aucun", "aucune", "de", "d",
];
/// Prepositions of place and purpose: a noun after them is a circumstance ("sous la pluie", "in the
/// rain", "for night rides", "à la carte"), not what the opinion is about.
const CIRCUMSTANCE: &[&str] = &[
    "in", "inside", "at", "on", "over", "under", "into", "near", "behind", "outside", "dans", "sous", "sur", "a", "au", "aux",
    "en", "chez", "pres", "devant", "derriere", "vers", "hors", "since", "after", "before", "during", "depuis", "apres",
    "avant", "pendant",
];
/// Prepositions of purpose: "for night rides", "pour rouler"; but "for the price" judges the price.
const PURPOSE: &[&str] = &["for", "pour"];

/// The aspects of one post. `evidence`: the sentiment rules' (before the request's hypothetical
/// words are dropped: here they only say a clause holds an opinion); `cue`: the request cue.
pub fn extract(text: &str, tokens: &[Token], facts: &[Facts], lang: &str, evidence: &[Evidence], intent: Intent, cue: Option<&Evidence>) -> Vec<Aspect> {
    // A post with no opinion, no request and no word of lack has nothing to report: most neutral
    // posts stop here, before any work (the same test is made again below on the full reading).
    let reportable = intent == Intent::Request
        || facts.iter().any(|f| f.aspect.has(B_OPINION | B_LACKISH))
        || evidence.iter().any(|e| matches!(e.kind, EvidenceKind::Word | EvidenceKind::Emoji | EvidenceKind::Emoticon) && e.weight.abs() >= 0.35);
    if !reportable {
        return Vec::new();
    }
    let us = units(text, tokens, facts);
    let n = us.len();
    if n == 0 {
        return Vec::new();
    }
    let has = |u: usize, bit: u32| us.get(u).is_some_and(|x| x.lx.has(bit));
    let (en, fr) = (lang != "fr", lang != "en");
    let word = |u: usize| us.get(u).filter(|x| x.word).map(|x| &*x.norm);
    let fact = |u: usize| &facts[us[u].first];
    let single = |u: usize| us[u].first == us[u].last;
    let is_article = |u: usize| en && has(u, B_EN_ART) || fr && has(u, B_FR_ART);
    let opens_clause = |u: usize| u == 0 || us[u - 1].clause != us[u].clause;
    let valence = |u: usize| if single(u) && us[u].word { fact(u).valence(lang, false).filter(|v| *v != 0.0) } else { None };
    let cue_units = cue.filter(|_| intent == Intent::Request).and_then(|c| {
        let f = us.iter().position(|x| tokens[x.first].start >= c.start)?;
        let l = us.iter().rposition(|x| tokens[x.last].end <= c.end)?;
        (f <= l).then_some((f, l))
    });
    let in_cue = |u: usize| cue_units.is_some_and(|(f, l)| u >= f && u <= l);
    let noun = |u: usize| has(u, B_NOUN) && !us[u].name;
    // Whether the words before unit a (over articles) are a preposition of circumstance.
    let after_circumstance = |a: usize, known: bool| {
        let mut k = a;
        while k > 0 && word(k - 1).is_some_and(|w| is_article(k - 1) && !matches!(w, "de" | "d") || has(k - 1, B_NOT_NOUN)) {
            k -= 1;
        }
        k > 0 && us[k - 1].word && (has(k - 1, B_CIRC) || !known && has(k - 1, B_PURPOSE)) && us[k - 1].clause == us[a].clause
    };

    // Opinions: (unit, sign). The product words first (they know "minuscule" and "taille" better
    // than the general lexicons); the rules' evidence, negation applied, for the rest; weak
    // valences say nothing.
    let mut opinions: Vec<(usize, f32)> = Vec::new();
    for k in 0..n {
        let Some(w) = word(k) else { continue };
        if has(k, B_OPINION) {
            let v = us[k].lx.opinion;
            let neg = locally_negated(&us, facts, k, lang);
            opinions.push((k, if neg { -v } else { v }));
        } else if w == "cheap" {
            // "feels cheap" is shoddy, "cheap and generous" a good price.
            let shoddy = k > 0 && matches!(word(k - 1), Some("feels" | "feel" | "looks" | "look" | "fait" | "font" | "sounds"));
            opinions.push((k, if shoddy { -1.0 } else { 1.0 }));
        } else if w == "tomber" && k > 0 && word(k - 1) == Some("a") {
            // "à tomber": delicious, gorgeous.
            opinions.push((k, 1.0));
        } else if matches!(w, "too" | "trop") && word(k + 1).is_some_and(|x| x != "bien" && valence(k + 1).map_or(true, |v| v < 0.0)) {
            // An excess: "too small", "trop de pubs", "beaucoup trop long".
            opinions.push((k, -1.0));
        }
    }
    // Which unit each token belongs to.
    let mut unit_of = vec![usize::MAX; tokens.len()];
    for (k, x) in us.iter().enumerate() {
        unit_of[x.first..=x.last].fill(k);
    }
    for e in evidence {
        if matches!(e.kind, EvidenceKind::Word | EvidenceKind::Emoji | EvidenceKind::Emoticon) && e.weight.abs() >= 0.35 {
            let at = tokens.binary_search_by_key(&e.start, |t| t.start).ok().map(|t| unit_of[t]).filter(|&k| k != usize::MAX);
            if let Some(k) = at {
                if !opinions.iter().any(|&(j, _)| j == k) && !matches!(word(k), Some("too" | "trop")) {
                    opinions.push((k, e.weight.signum()));
                }
            }
        }
    }
    // No opinion, no request and no word of lack: nothing to report (most posts stop here).
    if opinions.is_empty() && cue_units.is_none() && !us.iter().any(|x| x.lx.has(B_LACKISH)) {
        return Vec::new();
    }
    // Looked up per word below: indexed once (a long post has thousands of words).
    let mut is_opinion = vec![false; n];
    let mut opinion_sentences = std::collections::BTreeSet::new();
    for &(k, _) in &opinions {
        is_opinion[k] = true;
        opinion_sentences.insert(us[k].sentence);
    }
    // A word that may be (part of) a noun: not a function, opinion, trouble or whole-product word,
    // not a verb form. `inner`: inside a compound, where "-ing" names a thing ("sleep tracking").
    let plausible = |u: usize, inner: bool| {
        let x = us.get(u).map_or(0, |x| x.lx.bits);
        word(u).is_some_and(|w| {
            w.len() >= 2
                && x & (B_OPINION | B_STOP | B_NOT_NOUN | B_TROUBLE | B_WHOLE | B_COPULA) == 0
                && valence(u).is_none()
                && !(single(u) && (fact(u).stop != 0 || fact(u).has(facts::NEGATOR)))
                && !w.contains('\'')
                && (x & B_VERBISH == 0 || inner && w.ends_with("ing"))
        }) && !us[u].name
            && !is_opinion[u]
    };
    let sentence_has_opinion = |u: usize| opinion_sentences.contains(&us[u].sentence);
    // What may follow an English compound's last word: a verb of being, an auxiliary, an opinion,
    // a preposition, the clause's end ("the data allowance is", "vegetarian meals on long flights";
    // not "cartridges cost a fortune").
    let ends_compound = |k: usize| {
        us.get(k).map_or(true, |x| x.clause != us[k - 1].clause || !x.word)
            || word(k).is_some_and(|x| {
                has(k, B_COPULA)
                    || matches!(x, "could" | "would" | "should" | "will" | "can" | "need" | "needs" | "with" | "on" | "in" | "for" | "of" | "at" | "to" | "from" | "and" | "or")
            })
            || is_opinion.get(k).copied().unwrap_or(false)
    };

    // 1. Candidates: unit ranges [a, b].
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut u = 0;
    while u < n {
        let Some(w) = word(u) else {
            u += 1;
            continue;
        };
        // A cue's own words are no aspect unless they name a feature ("dark mode would be nice").
        let cue_word = in_cue(u) && (!noun(u) || matches!(w, "option" | "options" | "feature" | "fonction" | "possibilite"));
        if us[u].name || has(u, B_TROUBLE) || cue_word || w.contains('\'') {
            u += 1;
            continue;
        }
        let known = noun(u);
        let prev = u.checked_sub(1).and_then(word);
        let after_article = prev.is_some_and(|p| is_article(u - 1) && !object_pronoun(&us, u - 1) && !(p == "du" && u >= 2 && word(u - 2).is_some()));
        let guessed_noun = w.len() >= 3 && plausible(u, false) && !w.bytes().all(|b| b.is_ascii_digit());
        // Where only a noun fits: after an article, or opening a clause of a sentence that holds an
        // opinion ("Saddle is really uncomfortable", "Plats froids", "Pharmacist gave great advice").
        let subject = opens_clause(u) && us.get(u + 1).is_some_and(|x| x.clause == us[u].clause) && sentence_has_opinion(u) && lang != "und" && !w.ends_with("ement") && (guessed_noun || en && w.ends_with("ing") && plausible(u, true) && has(u + 1, B_COPULA));
        let guessed = guessed_noun && after_article || subject;
        let heat = has(u, B_HEAT);
        if !(known || guessed || heat) {
            u += 1;
            continue;
        }
        // Extend over the name: classifying adjectives and nouns before (English); nouns, adjectives
        // and "de" + noun after (French), nouns after (English).
        let mut a = u;
        while en
            && a > 0
            && us[a - 1].clause == us[u].clause
            && !in_cue(a - 1)
            && !us[a - 1].name
            && (us[a - 1].word && (has(a - 1, B_EN_ADJ) || has(a - 1, B_NOUN)) && !has(a - 1, B_TROUBLE) || plausible(a - 1, false))
        {
            a -= 1;
        }
        let mut b = u;
        loop {
            // A heat word ("chauffe") is an aspect alone.
            if heat {
                break;
            }
            let nx = b + 1;
            let Some(nw) = word(nx) else {
                // "120 Hz" inside a name.
                if us.get(nx).is_some_and(|x| !x.word && !x.norm.is_empty()) && word(nx + 1).is_some_and(|x| matches!(x, "hz" | "go" | "gb" | "mp")) {
                    b = nx + 1;
                    continue;
                }
                break;
            };
            if us[nx].clause != us[u].clause || us[nx].name || has(nx, B_TROUBLE) || in_cue(nx) && !noun(nx) {
                break;
            }
            if noun(nx) && !has(nx, B_WHOLE) || fr && lang != "und" && has(nx, B_FR_ADJ) {
                b = nx;
                continue;
            }
            if en && lang != "und" && plausible(nx, true) && ends_compound(nx + 1) {
                b = nx;
                continue;
            }
            // French "noun de (la) noun" and "noun à noun": "frais de port", "autonomie de la
            // batterie", "mise à jour", "mousseur à lait".
            if fr && matches!(nw, "de" | "d" | "du" | "des" | "a") {
                let mut k = nx + 1;
                if nw != "a" && matches!(word(k), Some("la" | "l")) {
                    k += 1;
                }
                let unknown_ok = nw != "a" && plausible(k, false) && word(k).is_some_and(|x| x.len() >= 3);
                if word(k).is_some_and(|x| nw == "a" && x == "jour" || noun(k) && !whole(x)) || unknown_ok {
                    b = k;
                    continue;
                }
            }
            break;
        }
        // Alone, a word for the whole product is no aspect; nor is an English modifier of one ("the
        // base model", "a small item").
        let all_whole = (a..=b).filter(|&k| us[k].word).all(|k| has(k, B_WHOLE) || has(k, B_PART) || has(k, B_EN_ADJ) && !has(k, B_KNOWN));
        let modifies_whole = en && word(b + 1).is_some_and(whole) && us[b + 1].clause == us[u].clause;
        // "hors de prix" is a price opinion.
        let idiom = w == "prix" && prev == Some("de") && u >= 2 && word(u - 2) == Some("hors")
            || w == "prise" && word(u + 1) == Some("de") && word(u + 2) == Some("tete");
        let circumstance = after_circumstance(a, known) && !(known && b > a && !(a..=b).any(|k| has(k, B_PART)));
        // "de bonne qualité", "of good quality": a predicate, the aspect is its subject.
        let predicate = u >= 2 && (valence(u - 1).is_some() || opinion(prev.unwrap_or("")).is_some()) && matches!(word(u - 2), Some("de" | "d" | "of"));
        if !all_whole && !modifies_whole && !idiom && !circumstance && !predicate {
            spans.push((a, b));
        }
        u = b + 1;
    }

    // A request with no object found: take what follows the cue ("Please support Apple Pay").
    if let Some((_, l)) = cue_units {
        if !spans.iter().any(|&(a, _)| a > l && us[a].sentence == us[l].sentence) {
            let mut k = l + 1;
            while word(k).is_some_and(|w| is_article(k) || matches!(w, "support" | "for" | "pour" | "more")) {
                k += 1;
            }
            let start = k;
            while word(k).is_some_and(|w| !crate::text::stopwords::is_stopword(w) && valence(k).is_none() && !whole(w)) && us[k].clause == us[l].clause {
                k += 1;
            }
            if k > start && k - start <= 3 {
                spans.push((start, k - 1));
            }
        }
    }

    // Clauses in the conditional ("would be nice", "serait top") imagine: their opinions are wishes.
    let mut conditional = vec![false; us[n - 1].clause + 1];
    for k in (0..n).filter(|&k| us[k].word && single(k) && fact(k).has(facts::CONDITIONAL)) {
        conditional[us[k].clause] = true;
    }
    let conditional_clause = |c: usize| conditional[c];

    // Words per sentence, and the sentences holding an aspect (for the verdict beside a sentence).
    let sentences = us.last().map_or(0, |x| x.sentence + 1);
    let mut sentence_words = vec![0u32; sentences];
    for x in us.iter().filter(|x| x.word) {
        sentence_words[x.sentence] += 1;
    }
    let mut sentence_spans = vec![false; sentences];
    for &(x, _) in &spans {
        sentence_spans[us[x].sentence] = true;
    }
    let mut out = Vec::new();
    for &(a, b) in &spans {
        let (start, end) = (tokens[us[a].first].start, tokens[us[b].last].end);
        let Some(raw) = text.get(start..end) else { continue };
        let nearest = |same: &dyn Fn(usize) -> bool| {
            opinions
                .iter()
                .filter(|&&(k, _)| (k < a || k > b || heat_word(word(k).unwrap_or(""))) && same(k))
                .min_by_key(|&&(k, _)| if k < a { a - k } else { k.saturating_sub(b) })
                .map(|&(_, v)| v)
        };
        let clause = us[a].clause;
        // "X is / est …": the predicate after the verb of being speaks of it ("the smart TV interface
        // is painfully slow"), before any adjective in front of it.
        let predicate = has(b + 1, B_COPULA) || word(b + 1).is_some_and(|x| matches!(x, "seems" | "semble" | "reste" | "remains"));
        let in_clause = predicate.then(|| nearest(&|k| k > b && us[k].clause == clause)).flatten().or_else(|| nearest(&|k| us[k].clause == clause));
        // The request's scope: the cue's clause, or the next when the cue stands alone
        // ("Suggestion : ajoutez des prises").
        let requested_by_cue = cue_units.is_some_and(|(f, l)| {
            let cue_clause = us[l].clause;
            let alone = !spans.iter().any(|&(x, _)| us[x].clause == cue_clause);
            clause == cue_clause || clause == us[f].clause || alone && clause == cue_clause + 1
        });
        let polarity = if lacks(&us, a, b) || requested_by_cue || in_clause.is_some() && conditional_clause(clause) {
            Some(Polarity::Requested)
        } else {
            // Else its sentence; else a verdict in a short sentence of its own beside it ("… in the
            // rain. Unacceptable.", "… sous la pluie. Une honte.").
            let s = us[a].sentence;
            let verdict = |t: usize| (1..=3).contains(&sentence_words[t]) && !sentence_spans[t];
            in_clause
                .or_else(|| nearest(&|k| us[k].sentence == s))
                .or_else(|| nearest(&|k| (us[k].sentence == s + 1 || us[k].sentence + 1 == s) && verdict(us[k].sentence)))
                .map(|v| if v > 0.0 { Polarity::Liked } else { Polarity::Disliked })
        };
        let Some(polarity) = polarity else { continue };
        out.push(Aspect { text: raw.to_lowercase(), polarity, start, end, theme: theme_of(&us, a, b).map(str::to_string) });
    }
    out
}

/// Drops the aspects a watch item names itself (its query's words, folded: `own_words` of
/// listening/trends.rs): on "Brioche Phone", "phone" is the item, not one of its aspects; on
/// "batterie externe", "batterie" is too.
pub fn drop_own<'a>(aspects: &mut Vec<Aspect>, own: impl IntoIterator<Item = &'a std::collections::BTreeSet<String>>) {
    let own: Vec<&std::collections::BTreeSet<String>> = own.into_iter().collect();
    if own.is_empty() {
        return;
    }
    aspects.retain(|a| {
        let words = crate::text::tokens::words(&a.text);
        !own.iter().any(|o| !words.is_empty() && words.iter().all(|w| o.contains(w)))
    });
}

/// "je le recommande", "on la trouve": an article that is an object pronoun before a verb.
fn object_pronoun(us: &[Unit], u: usize) -> bool {
    matches!(&*us[u].norm, "le" | "la" | "les" | "l")
        && u > 0
        && matches!(&*us[u - 1].norm, "je" | "j" | "tu" | "il" | "elle" | "on" | "nous" | "vous" | "ils" | "elles" | "ne" | "n" | "me" | "te" | "m")
}

/// Verb forms and adverbs an article-less guess must not take for a noun.
fn verbish(w: &str) -> bool {
    w.ends_with("ed") && w.len() > 4
        || w.ends_with("ing") && w.len() > 5
        || w.ends_with("ly") && w.len() > 4
        || w.ends_with("ment") && w.len() > 7 && !w.ends_with("ement") // "rapidement" is an adverb; "paiement" a noun
        || w.ends_with("ez")
        || w.ends_with("ons")
        || w.ends_with("ait")
        || w.ends_with("aient")
        || w.ends_with("er") && !w.ends_with("ier") && w.len() > 4 && !w.ends_with("eur") // infinitives ("choisir" is rare here)
}

fn opinion(w: &str) -> Option<f32> {
    vocab().opinion.get(w).copied()
}

/// A negator in the three words before (same clause), or French "pas/plus/jamais" right after.
fn locally_negated(us: &[Unit], facts: &[Facts], k: usize, lang: &str) -> bool {
    let negator = |j: usize| us[j].word && facts[us[j].first].has(facts::NEGATOR);
    let before = (k.saturating_sub(3)..k).any(|j| us[j].clause == us[k].clause && negator(j));
    let after = lang != "en" && us.get(k + 1).is_some_and(|x| x.word && x.clause == us[k].clause && facts[x.first].has(facts::FR_POST_NEGATOR));
    before || after
}

/// A stated lack before the aspect ("pas de chargeur", "no kickstand", "il n'y ait pas de port",
/// "aucun réglage", "missing a USB-C port") or after it ("X is missing", "X not included", "could use
/// more …").
fn lacks(us: &[Unit], a: usize, b: usize) -> bool {
    let w = |k: usize| us.get(k).filter(|x| x.word && x.clause == us[a].clause).map(|x| &*x.norm);
    let mut k = a;
    let mut steps = 0;
    while k > 0 && steps < 3 {
        k -= 1;
        steps += 1;
        let Some(p) = w(k) else { break };
        if us[k].lx.has(B_LACK_BEFORE) {
            // "pas" is a lack only as "pas de": "ne marche pas" is not.
            return p != "pas" || matches!(w(k + 1), Some("de" | "d"));
        }
        if !(us[k].lx.has(B_EN_ART | B_FR_ART) || p == "single") {
            break;
        }
    }
    // The words after, in the clause, against each phrase of lack.
    let after = |i: usize| w(b + 1 + i);
    const AFTER: &[&[&str]] = &[
        &["is", "missing"], &["are", "missing"], &["not", "included"], &["isn", "t", "included"], &["is", "not", "included"],
        &["pas", "inclus"], &["pas", "fourni"], &["non", "fourni"], &["manque"], &["could", "use"], &["could", "do", "with"],
        &["needs", "more"], &["need", "more"], &["needs", "a"], &["merite"], &["meriterait"],
    ];
    AFTER.iter().any(|p| p.iter().enumerate().all(|(i, x)| after(i) == Some(x)))
        // "… is still not included".
        || (0..3).any(|j| after(j) == Some("not") && after(j + 1) == Some("included"))
}

#[cfg(test)]
mod tests {
    use super::super::analyze;
    use super::Polarity;

    fn aspects(text: &str) -> Vec<(String, Polarity)> {
        analyze(text).aspects.into_iter().map(|a| (a.text, a.polarity)).collect()
    }

    #[test]
    fn liked_disliked_requested() {
        assert_eq!(aspects("Great battery, terrible camera."), vec![("battery".into(), Polarity::Liked), ("camera".into(), Polarity::Disliked)]);
        assert_eq!(aspects("Il manque une prise jack, dommage."), vec![("prise jack".into(), Polarity::Requested)]);
        assert_eq!(aspects("L'appareil photo est excellent mais la batterie ne tient pas."), vec![("appareil photo".into(), Polarity::Liked), ("batterie".into(), Polarity::Disliked)]);
        // A spec sheet states no opinion.
        assert!(aspects("Écran OLED 6,7 pouces, batterie 5000 mAh, 499 €.").is_empty());
    }

    #[test]
    fn spans_point_at_the_words_as_written() {
        let text = "Please add eSIM support, it's 2026!";
        let a = &analyze(text).aspects[0];
        assert_eq!((a.text.as_str(), &text[a.start..a.end], a.polarity), ("esim support", "eSIM support", Polarity::Requested));
        assert_eq!(a.theme.as_deref(), Some("esim"));
    }

    /// The demo feed's posts about the Brioche Phone 2 (tests/fixtures/demo/x-home.html), as issue 12
    /// expects them summed up: liked, the camera; disliked, heat and the battery; missed, the jack
    /// and eSIM.
    #[test]
    fn the_demo_feed_on_the_brioche_phone_2() {
        use std::collections::BTreeMap;
        let html = include_str!("../../tests/fixtures/demo/x-home.html");
        let mut posts = Vec::new();
        let marker = "data-testid=\"tweetText\">";
        let mut rest = html;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            // The post's text: up to the div's own end (it holds inline divs), tags removed.
            let (mut depth, mut end) = (1, 0);
            while depth > 0 {
                let open = rest[end..].find("<div").map(|i| i + end);
                let close = rest[end..].find("</div>").map(|i| i + end).expect("closed");
                match open {
                    Some(o) if o < close => (depth, end) = (depth + 1, o + 4),
                    _ => (depth, end) = (depth - 1, close + 6),
                }
            }
            let (mut text, mut in_tag) = (String::new(), false);
            for c in rest[..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            posts.push(text);
        }
        let brioche: Vec<&String> = posts.iter().filter(|p| p.contains("Brioche Phone 2") || p.contains("#BriochePhone")).collect();
        assert!(brioche.len() >= 10, "{brioche:?}");
        let mut counts: BTreeMap<(Polarity, String), u32> = BTreeMap::new();
        for p in &brioche {
            for a in analyze(p).aspects {
                *counts.entry((a.polarity, a.theme.unwrap_or(a.text))).or_default() += 1;
            }
        }
        let top = |pol: Polarity| {
            let mut v: Vec<(&str, u32)> = counts.iter().filter(|((p, _), _)| *p == pol).map(|((_, t), n)| (t.as_str(), *n)).collect();
            v.sort_by_key(|&(t, n)| (std::cmp::Reverse(n), t));
            v
        };
        let (liked, disliked, requested) = (top(Polarity::Liked), top(Polarity::Disliked), top(Polarity::Requested));
        let has = |v: &[(&str, u32)], t: &str| v.iter().any(|(x, _)| *x == t);
        assert_eq!(liked.first().map(|x| x.0), Some("camera"), "liked: {liked:?}");
        assert!(has(&disliked, "heat") && has(&disliked, "battery"), "disliked: {disliked:?}");
        assert!(has(&requested, "jack") && has(&requested, "esim"), "requested: {requested:?}");
        // And nothing the wrong way round.
        assert!(!has(&liked, "heat") && !has(&disliked, "camera") && !has(&liked, "jack"), "{counts:?}");
    }

    #[test]
    fn names_are_not_aspects() {
        let a = aspects("Love my new Brioche Phone, the screen is gorgeous");
        assert_eq!(a, vec![("screen".into(), Polarity::Liked)]);
    }
}
