"""Key drivers: how strongly each average score relates to NPS across clients."""

import math

# Fewer clients than this and the correlation is flagged "too small to trust": with 20
# clients a Pearson r must exceed about 0.44 to differ from zero at the 5 % level.
MIN_TRUSTED_SAMPLE = 20
MIN_SAMPLE = 3


def key_drivers(frame, target="nps", min_trusted=MIN_TRUSTED_SAMPLE):
    """Rank the driver columns of `frame` by their Pearson correlation with `target`.

    `frame` is a pandas DataFrame with one row per client, the target column (account NPS)
    and one column per driver (a stage's or an element's average score); missing values are
    left out pair by pair. Returns [{"driver", "correlation", "sample", "trusted"}], trusted
    drivers first, then by the strength of the correlation (absolute value), largest first.
    A driver with fewer than MIN_SAMPLE pairs or no spread has no correlation (None).
    """
    rows = []
    if frame is None or target not in frame:
        return rows
    for column in frame.columns:
        if column == target:
            continue
        pairs = frame[[column, target]].dropna()
        sample = len(pairs)
        correlation = None
        if sample >= MIN_SAMPLE and pairs[column].std() > 0 and pairs[target].std() > 0:
            correlation = float(pairs[column].corr(pairs[target]))
            if math.isnan(correlation):
                correlation = None
        rows.append(
            {
                "driver": column,
                "correlation": correlation,
                "sample": sample,
                "trusted": correlation is not None and sample >= min_trusted,
            }
        )
    rows.sort(
        key=lambda row: (
            not row["trusted"],
            row["correlation"] is None,
            -abs(row["correlation"] or 0.0),
        )
    )
    return rows
