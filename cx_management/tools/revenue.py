"""Revenue at risk: annual revenue times the churn probability of the client's band."""


def churn_probability(bands, csi, nps):
    """Probability of the first band (csi_min, csi_max, nps_min, nps_max, probability) holding
    both figures, bounds included; None when CSI or NPS is unknown or no band holds them."""
    if csi is None or csi is False or nps is None or nps is False:
        return None
    for csi_min, csi_max, nps_min, nps_max, probability in bands:
        if csi_min <= csi <= csi_max and nps_min <= nps <= nps_max:
            return probability
    return None


def revenue_at_risk(revenue, probability):
    """Revenue times probability; None when the probability is unknown."""
    if probability is None or probability is False:
        return None
    return (revenue or 0.0) * probability
