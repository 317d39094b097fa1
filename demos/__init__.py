"""Runnable examples that replay the seeds: ``python -m demos.NAME [--out DIR]``.

circuit   cs231n's (x + y) * z: add distributes, multiply swaps
routing   cs231n's 2 * (x*y + max(z, w)): max routes the gradient to its winner
neuron    cs231n's sigmoid neuron, as separate gates and as one neuron gate
shopping  "Deep Learning from Scratch": apples, oranges and tax, layer by layer
miniflow  Udacity's MiniFlow network, then a small network trained with SGD
moons     a 2-16-16-1 MLP learning two moons with hinge loss

``python -m demos`` runs them all and writes ``out/index.html``.
"""
