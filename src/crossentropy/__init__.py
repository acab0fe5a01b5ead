"""尤度から交差エントロピーを導くための小さな計算パッケージ。"""

from crossentropy.losses import cross_entropy, log_likelihood

__all__ = ["cross_entropy", "log_likelihood"]
