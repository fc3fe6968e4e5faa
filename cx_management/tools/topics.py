"""Topics and polarity of comments, learned from the company's own tagged feedback (issue 15).

Plain data in, plain data out: the models read the feedback, call `train()`, store the
`TextModel` it returns (`dumps()` / `loads()`) and ask it for suggestions. Nothing leaves the
server and nothing is downloaded: the text is cut into character n-grams inside word
boundaries, so the Russian «доставка», «доставки», «доставкой» share most of their features
without a stemmer, and the same code reads English.
"""

import io
import re
from collections import Counter

import joblib
import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

MIN_EXAMPLES = 5
TEST_SHARE = 0.2
MAX_SUGGESTIONS = 3
MIN_CONFIDENCE = 0.1

# what `train()` says when it learned nothing
STATUS_TRAINED = "trained"
STATUS_EMPTY = "empty"
STATUS_ONE_TOPIC = "one_topic"

# what each topic of the tree became in a training
STATE_LEARNED = "learned"
STATE_ROLLED_UP = "rolled_up"
STATE_TOO_FEW = "too_few"

_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text):
    """Lower case, «ё» read as «е», digits and punctuation dropped: what the model reads."""
    text = (text or "").lower().replace("ё", "е")
    return " ".join(word for word in _WORD.findall(text) if not word.isdigit())


def _vectorizer():
    return TfidfVectorizer(
        preprocessor=normalize,
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=2,
        max_features=150_000,
        sublinear_tf=True,
        dtype=np.float32,
    )


def _classifier():
    return SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=6, tol=None, random_state=0)


def plan_labels(topic_examples, parents=None, min_examples=MIN_EXAMPLES):
    """What each topic trains as: {topic: (label or None, state)}.

    `topic_examples` maps a topic to the set of examples (any hashable ids) tagged with it;
    `parents` maps a topic to its parent (None or absent for a main topic). A sub-topic with
    fewer than `min_examples` examples rolls up into its parent (and so on up the tree); a
    main topic that still has too few is named `too_few` and never suggested.
    """
    parents = parents or {}
    pooled = {topic: set(examples) for topic, examples in topic_examples.items()}
    label = {topic: topic for topic in pooled}

    def depth(topic):
        level, seen = 0, set()
        while parents.get(topic) is not None and topic not in seen:
            seen.add(topic)
            topic, level = parents[topic], level + 1
        return level

    for topic in sorted(pooled, key=depth, reverse=True):
        parent = parents.get(topic)
        if parent is None or len(pooled[topic]) >= min_examples:
            continue
        pooled.setdefault(parent, set()).update(pooled.pop(topic))
        label.setdefault(parent, parent)
        for other, target in label.items():
            if target == topic:
                label[other] = parent
    plan = {}
    for topic, target in label.items():
        if target not in pooled or len(pooled[target]) < min_examples:
            plan[topic] = (None, STATE_TOO_FEW)
        else:
            plan[topic] = (target, STATE_LEARNED if target == topic else STATE_ROLLED_UP)
    return plan


class TextModel:
    """A trained model: the vectorizer, one classifier per topic label and one for polarity."""

    def __init__(self, vectorizer, topics, labels, polarity=None, polarities=()):
        self.vectorizer = vectorizer
        self.topics = topics
        self.labels = list(labels)
        self.polarity = polarity
        self.polarities = list(polarities)

    def _features(self, texts):
        return self.vectorizer.transform([text or "" for text in texts])

    def suggest(self, texts, limit=MAX_SUGGESTIONS, min_confidence=MIN_CONFIDENCE):
        """Per text, [(label, confidence)] best first, at most `limit`; [] when the text shares
        nothing with what the model learned or no label reaches `min_confidence`."""
        texts = list(texts)
        if not texts:
            return []
        features = self._features(texts)
        known = np.diff(features.indptr) > 0
        result = [[] for _text in texts]
        if not known.any() or self.topics is None:
            return result
        rows = np.flatnonzero(known)
        probabilities = self.topics.predict_proba(features[rows])
        for row, scores in zip(rows, probabilities, strict=True):
            best = np.argsort(-scores, kind="stable")[:limit]
            result[row] = [
                (self.labels[i], float(scores[i])) for i in best if scores[i] >= min_confidence
            ]
        return result

    def suggest_polarity(self, texts, min_confidence=0.5):
        """Per text, (polarity, confidence) or None when unsure or the text is unknown."""
        texts = list(texts)
        result = [None] * len(texts)
        if self.polarity is None or not texts:
            return result
        features = self._features(texts)
        rows = np.flatnonzero(np.diff(features.indptr) > 0)
        if not len(rows):
            return result
        for row, scores in zip(rows, self.polarity.predict_proba(features[rows]), strict=True):
            best = int(np.argmax(scores))
            if scores[best] >= min_confidence:
                result[row] = (self.polarity.classes_[best].item(), float(scores[best]))
        return result

    def best_confidence(self, texts):
        """The best topic confidence of each text (0 for a text it knows nothing of)."""
        return [
            suggestions[0][1] if suggestions else 0.0
            for suggestions in self.suggest(texts, limit=1, min_confidence=0.0)
        ]

    def dumps(self):
        buffer = io.BytesIO()
        joblib.dump(self, buffer, compress=3)
        return buffer.getvalue()

    @staticmethod
    def loads(data):
        model = joblib.load(io.BytesIO(data))
        if not isinstance(model, TextModel):
            raise ValueError("not a text model")
        return model


def _split(count, strata, test_share, seed):
    """Train and test indices; stratified on `strata` when every stratum has two members."""
    indices = np.arange(count)
    test_size = max(1, round(count * test_share))
    if count < 4 or test_size >= count:
        return indices, indices[:0]
    counts = Counter(strata)
    stratify = strata if min(counts.values()) >= 2 and test_size >= len(counts) else None
    train, test = train_test_split(
        indices, test_size=test_size, random_state=seed, stratify=stratify
    )
    return np.sort(train), np.sort(test)


def _evaluate(model, texts, truths, labels):
    """top-1, top-3 and per-label precision and recall of `model` on held-out texts.

    A label is predicted for a text when it is the text's best suggestion or its confidence is
    at least 0.5; `truths` are the sets of labels a person gave."""
    suggestions = model.suggest(texts, limit=len(labels), min_confidence=0.0)
    hit1 = hit3 = 0
    tp, fp, fn = Counter(), Counter(), Counter()
    for truth, ranked in zip(truths, suggestions, strict=True):
        top = [label for label, _confidence in ranked]
        hit1 += bool(top[:1] and top[0] in truth)
        hit3 += bool(set(top[:3]) & truth)
        predicted = {label for i, (label, conf) in enumerate(ranked) if i == 0 or conf >= 0.5}
        for label in predicted:
            (tp if label in truth else fp)[label] += 1
        for label in truth - predicted:
            fn[label] += 1
    total = len(truths)
    per_label = {
        label: {
            "test": tp[label] + fn[label],
            "precision": tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else None,
            "recall": tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else None,
        }
        for label in labels
    }
    return {
        "top1": hit1 / total if total else None,
        "top3": hit3 / total if total else None,
        "labels": per_label,
    }


def train(
    examples,
    parents=None,
    min_examples=MIN_EXAMPLES,
    test_share=TEST_SHARE,
    seed=0,
):
    """Learn topics and polarity from `examples` and measure them on a held-out share.

    `examples` are (text, topics, polarity) triples: the topics a person set (an iterable,
    possibly empty) and the polarity (or None). Returns (model, evaluation): the model is
    trained on every example after the evaluation measured one trained without the held-out
    share; it is None when there is nothing to learn, and the evaluation's `status` says why
    (`empty`: no comment with a topic, `one_topic`: fewer than two topics to tell apart).
    """
    examples = [
        (text, set(topics or ()), polarity)
        for text, topics, polarity in examples
        if normalize(text)
    ]
    topic_examples = {}
    for index, (_text, topics, _polarity) in enumerate(examples):
        for topic in topics:
            topic_examples.setdefault(topic, set()).add(index)
    plan = plan_labels(topic_examples, parents, min_examples)
    labelled = []
    for index, (_text, topics, _polarity) in enumerate(examples):
        labels = {plan[topic][0] for topic in topics if plan[topic][0] is not None}
        if labels:
            labelled.append((index, labels))
    labels = sorted({label for _index, found in labelled for label in found}, key=str)
    evaluation = {
        "status": STATUS_TRAINED,
        "examples": len(labelled),
        "train": 0,
        "test": 0,
        "top1": None,
        "top3": None,
        "chance": None,
        "topics": [],
        "polarity": None,
    }
    counted = Counter(label for _index, found in labelled for label in found)
    for topic, (label, state) in sorted(plan.items(), key=lambda item: str(item[0])):
        evaluation["topics"].append(
            {
                "topic": topic,
                "label": label,
                "state": state,
                "examples": len(topic_examples.get(topic, ())),
                "label_examples": counted.get(label, 0),
                "test": 0,
                "precision": None,
                "recall": None,
            }
        )
    if not labelled:
        evaluation["status"] = STATUS_EMPTY
        return None, evaluation
    if len(labels) < 2:
        evaluation["status"] = STATUS_ONE_TOPIC
        return None, evaluation

    texts = [examples[index][0] for index, _found in labelled]
    truths = [found for _index, found in labelled]
    strata = [min(found, key=lambda label: (counted[label], str(label))) for found in truths]
    train_rows, test_rows = _split(len(texts), strata, test_share, seed)
    binarizer = MultiLabelBinarizer(classes=labels)
    # the vocabulary and its weights are read from every comment (no topic is), once
    vectorizer = _vectorizer()
    features = vectorizer.fit_transform(texts)
    targets = binarizer.fit_transform(truths)

    def fit(rows):
        return OneVsRestClassifier(_classifier()).fit(features[rows], targets[rows])

    if len(test_rows):
        measured = TextModel(vectorizer, fit(train_rows), labels)
        result = _evaluate(
            measured, [texts[i] for i in test_rows], [truths[i] for i in test_rows], labels
        )
        train_counts = Counter(label for i in train_rows for label in truths[i])
        top = max(labels, key=lambda label: train_counts[label])
        evaluation.update(
            train=len(train_rows),
            test=len(test_rows),
            top1=result["top1"],
            top3=result["top3"],
            chance=sum(top in truths[i] for i in test_rows) / len(test_rows),
        )
        for row in evaluation["topics"]:
            if row["label"] is not None and row["state"] == STATE_LEARNED:
                row.update(result["labels"][row["label"]])
    model = TextModel(vectorizer, fit(np.arange(len(texts))), labels)
    evaluation["polarity"] = _train_polarity(model, examples, test_share, seed)
    return model, evaluation


def _train_polarity(model, examples, test_share, seed):
    """Fit the polarity classifier on the model's vectorizer; its held-out accuracy."""
    rows = [(text, polarity) for text, _topics, polarity in examples if polarity]
    classes = Counter(polarity for _text, polarity in rows)
    if len(classes) < 2:
        return {"status": STATUS_ONE_TOPIC if rows else STATUS_EMPTY, "examples": len(rows)}
    texts = [text for text, _polarity in rows]
    targets = np.array([polarity for _text, polarity in rows])
    features = model.vectorizer.transform(texts)
    train_rows, test_rows = _split(len(rows), list(targets), test_share, seed)
    result = {
        "status": STATUS_TRAINED,
        "examples": len(rows),
        "test": len(test_rows),
        "accuracy": None,
        "chance": None,
    }
    if len(test_rows) and len(set(targets[train_rows])) >= 2:
        measured = _classifier().fit(features[train_rows], targets[train_rows])
        predicted = measured.predict(features[test_rows])
        top = Counter(targets[train_rows]).most_common(1)[0][0]
        result["accuracy"] = float(np.mean(predicted == targets[test_rows]))
        result["chance"] = float(np.mean(targets[test_rows] == top))
    model.polarity = _classifier().fit(features, targets)
    model.polarities = sorted(classes)
    return result


def emerging_groups(texts, max_groups=8, min_group=3, words=6, seed=0):
    """Group comments by the words they share: [{"members": [index], "words": [word]}].

    Word-level TF-IDF (a word's first five letters stand for it, so Russian endings fall away)
    clustered with k-means; a group's characteristic words are its centroid's heaviest terms,
    shown as the most frequent full word behind each stem. Groups smaller than `min_group` are
    left out; the largest come first."""
    cleaned = [normalize(text) for text in texts]
    rows = [i for i, text in enumerate(cleaned) if text]
    if len(rows) < min_group:
        return []
    full = {}

    def analyzer(text):
        stems = []
        for word in text.split():
            if len(word) < 3:
                continue
            stem = word[:5]
            full.setdefault(stem, Counter())[word] += 1
            stems.append(stem)
        return stems

    vectorizer = TfidfVectorizer(
        analyzer=analyzer, min_df=2, max_df=0.5 if len(rows) >= 20 else 1.0, sublinear_tf=True
    )
    try:
        features = vectorizer.fit_transform([cleaned[i] for i in rows])
    except ValueError:  # no word shared by two comments
        return []
    known = np.flatnonzero(np.diff(features.indptr) > 0)
    if len(known) < min_group:
        return []
    features = features[known]
    groups = max(1, min(max_groups, len(known) // min_group))
    kmeans = KMeans(n_clusters=groups, n_init=4, random_state=seed).fit(features)
    terms = vectorizer.get_feature_names_out()
    result = []
    for cluster in range(groups):
        members = [rows[known[i]] for i in np.flatnonzero(kmeans.labels_ == cluster)]
        if len(members) < min_group:
            continue
        heaviest = np.argsort(-kmeans.cluster_centers_[cluster])[:words]
        result.append(
            {
                "members": members,
                "words": [
                    full[terms[i]].most_common(1)[0][0]
                    for i in heaviest
                    if kmeans.cluster_centers_[cluster][i] > 0
                ],
            }
        )
    result.sort(key=lambda group: -len(group["members"]))
    return result
