# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The policies every company starts with, and their texts.

The texts are written in English and translated in the module's .po files;
they are read in each language with ``env._``.
"""

from markupsafe import Markup, escape

# The policies every company starts with, per key: their levels, each (the
# e-mail and SMS templates' xml id suffix, days after the due date, letter too,
# sent without review, a call before it), and the payment behaviour classes
# they apply to. "standard" is the company's default policy; new customers get
# stricter terms, loyal (reliable) ones more lenient terms.
SHIPPED_POLICIES = {
    "standard": (
        (
            ("level_1", 7, False, True, False),
            ("level_2", 21, False, True, False),
            ("level_3", 35, True, False, False),
        ),
        (),
    ),
    "new": (
        (
            ("level_1", 3, False, True, False),
            ("level_2", 14, False, True, True),
            ("level_3", 21, True, False, False),
        ),
        ("new",),
    ),
    "loyal": (
        (
            ("level_1", 10, False, True, False),
            ("level_2", 30, False, True, False),
            ("level_3", 45, True, False, True),
        ),
        ("reliable",),
    ),
}

# The payment term each shipped policy gives its customers who have none of
# their own (the xml id of the term; None: the company's default). Belgian
# law allows at most 60 days when agreed.
SHIPPED_PAYMENT_TERMS = {
    "standard": None,
    "new": "dunning_be.account_payment_term_14days",
    "loyal": "account.account_payment_term_30days",
}


def policy_names(env):
    """The shipped policies' names, per key, in ``env``'s language."""
    return {
        "standard": env._("Standard"),
        "new": env._("New customers"),
        "loyal": env._("Loyal customers"),
    }


def level_names(env):
    """The standard levels' names, in ``env``'s language."""
    return (env._("First reminder"), env._("Second reminder"), env._("Formal notice"))


def letter_texts(env):
    """The standard levels' letters, ``(subject, paragraphs)``, in ``env``'s
    language: a light first reminder, a firm second one, a formal notice."""
    return (
        (
            env._("Did our invoice end up at the bottom of the pile?"),
            (
                env._(
                    "It happens to the best of us. According to our records, "
                    "the invoices below have passed their due date and are "
                    "still open."
                ),
                env._(
                    "If you have paid them in the meantime, thank you, and "
                    "please disregard this letter. If not, we would be grateful "
                    "if you could transfer the amount due within 14 days, with "
                    "the payment details below."
                ),
                env._(
                    "Is something wrong with one of these invoices? Let us know, "
                    "and we will sort it out together."
                ),
            ),
        ),
        (
            env._("Second reminder: your invoices are still unpaid"),
            (
                env._(
                    "We wrote to you earlier about the invoices below, and we "
                    "have still not received your payment."
                ),
                env._(
                    "We ask you to pay the amount due within 8 days of the date "
                    "of this letter, with the payment details below."
                ),
                env._(
                    "If there is a reason why you cannot pay, or if you disagree "
                    "with an invoice, please contact us now, so that we can find "
                    "a solution together."
                ),
            ),
        ),
        (
            env._("Formal notice to pay"),
            (
                env._(
                    "Despite our earlier reminders, the invoices below remain "
                    "unpaid. By this letter, we formally give you notice to pay "
                    "the amount due."
                ),
                env._(
                    "Unless we receive your payment within 8 days of the date of "
                    "this letter, we will take further steps to recover the "
                    "amount due, without further notice. The late-payment "
                    "interest and the compensation for recovery costs that the "
                    "law and our terms and conditions provide for may then be "
                    "charged to you, together with the costs of any legal "
                    "proceedings."
                ),
                env._(
                    "If you have paid in the meantime, please disregard this letter."
                ),
            ),
        ),
    )


def paragraphs(texts):
    """The letter text's paragraphs as HTML."""
    return Markup("").join(Markup("<p>%s</p>") % escape(text) for text in texts)


def set_translations(record, env, vals, force):
    """Write ``vals`` on ``record`` in ``env``'s language; without ``force``,
    only the fields whose value there is still the English one.

    HTML fields are translated term by term (paragraph by paragraph) in Odoo:
    writing one in a language would overwrite every language, so their
    paragraphs are given as translations of the English ones instead.
    """
    local = record.with_env(env)
    english = record.with_context(lang="en_US")
    if not force:
        vals = {
            name: value for name, value in vals.items() if local[name] == english[name]
        }
    plain = {
        name: value
        for name, value in vals.items()
        if not callable(record._fields[name].translate)
    }
    if plain:
        local.write(plain)
    for name in vals.keys() - plain.keys():
        field = record._fields[name]
        if env.lang == "en_US" or not english[name]:
            local.write({name: vals[name]})
            continue
        source = field.get_trans_terms(english[name])
        target = field.get_trans_terms(str(vals[name]))
        if len(source) == len(target):
            record._update_field_translations(
                name, {env.lang: dict(zip(source, target, strict=True))}
            )
