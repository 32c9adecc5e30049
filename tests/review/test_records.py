"""The review side's copy of the GUIDELINES modus ids stays the classifier's."""

from __future__ import annotations

from classifier.dataset import MODUS_LABELS
from review.records import MODUS


def test_review_and_classifier_list_the_same_modus_ids_in_the_same_order() -> None:
    # two copies by design (review must not import the classifier's scikit-learn code);
    # a modus added to one and not the other would be dropped from queue edits or exports
    assert MODUS == MODUS_LABELS
