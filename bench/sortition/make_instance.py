"""Writes a harder instance than the paper's two (whose volunteers fall in three types): five
categories, 1,000 volunteers drawn with a fixed seed from skewed shares (as volunteers are),
quotas within 10% of the population's shares of a panel of 60. Most volunteers then differ,
so the solver works at nearly full size.

    python make_instance.py DIR
"""

import random
import sys

CATEGORIES = {
    "gender": (["female", "male"], [0.55, 0.45], [0.51, 0.49]),
    "age": (["16-29", "30-44", "45-64", "65+"], [0.15, 0.2, 0.35, 0.3], [0.22, 0.25, 0.31, 0.22]),
    "area": (["urban", "town", "rural"], [0.5, 0.3, 0.2], [0.45, 0.35, 0.2]),
    "education": (["degree", "no degree"], [0.45, 0.55], [0.33, 0.67]),
    "tenure": (["own", "rent", "social"], [0.6, 0.25, 0.15], [0.63, 0.2, 0.17]),
}
POOL, PANEL = 1000, 60


def main():
    out = sys.argv[1]
    rng = random.Random(5)
    with open(f"{out}/respondents.csv", "w") as f:
        f.write(",".join(CATEGORIES) + "\n")
        for _ in range(POOL):
            row = [rng.choices(values, weights)[0] for values, weights, _ in CATEGORIES.values()]
            f.write(",".join(row) + "\n")
    with open(f"{out}/categories.csv", "w") as f:
        f.write("category,feature,min,max\n")
        for name, (values, _, shares) in CATEGORIES.items():
            for value, share in zip(values, shares):
                target = share * PANEL
                f.write(f"{name},{value},{int(target * 0.9)},{int(target * 1.1) + 1}\n")


if __name__ == "__main__":
    main()
