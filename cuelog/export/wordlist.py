"""A small built-in list of plain, everyday words for suggested passphrases: easy to read
out, spell and type; nothing about substances, health or feelings (the passphrase may be said
aloud in a waiting room). 256 words: six drawn with :mod:`secrets` are 48 bits, and each guess
costs an attacker 600,000 rounds of PBKDF2 (see :mod:`cuelog.export.sealed`)."""

from __future__ import annotations

WORDS = tuple(
    """
    acorn anchor apple apron arch arrow atlas attic autumn badge bagel bakery balcony bamboo banjo barn
    basket beacon beaver bench berry bicycle birch biscuit blanket blossom boat bonnet bottle boulder bracket bread
    breeze brick bridge brook broom bucket buffalo bugle bundle button cabin cactus camel candle canoe canyon
    captain cargo carpet carrot castle cedar cello chalk channel cherry chess chimney cinnamon circus clover cobalt
    coconut comet compass copper coral cotton cradle crayon cricket crystal cupboard curtain cushion daisy dolphin
    domino donkey dragon drum eagle easel echo elbow elm ember engine falcon feather fern ferry fiddle finch
    flannel flute forest fossil fountain fox garden garnet geyser ginger glacier globe goose granite grape
    gravel guitar hammock harbor harp hazel hedge helmet heron hickory honey horizon hummingbird iceberg igloo
    island ivory jacket jasmine jigsaw juniper kayak kettle kitten kiwi ladder lagoon lantern lemon lighthouse
    lilac linen lobster locket lotus magnet mango maple marble meadow melon meteor mitten mosaic moss mountain
    muffin nectar needle nutmeg oak oasis olive orchard otter owl paddle pancake panda paper parrot pebble
    pelican pencil pepper piano pigeon pillow pine planet plum pocket pony poppy puzzle quartz quill rabbit
    raccoon radish rainbow raven reef ribbon river robin rocket saddle saffron sail salmon sandal satchel
    scarf seashell sequoia shovel silver sketch sled sparrow spruce squirrel starfish stone sunflower swan
    teapot thistle thimble thunder tiger timber toast tomato topaz tortoise trumpet tulip tunnel turnip
    umbrella valley velvet violin volcano wagon walnut walrus whistle willow window wizard wool yacht yarn
    zebra zipper orbit lemur quiver tundra gazelle pretzel marigold
    """.split()
)
