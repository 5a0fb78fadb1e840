"""``{% constant %}…{% endconstant %}``: a part of every page that only the language changes (the footer, the
navigation's words and addresses, the head's feeds and icons), rendered once per process and language.

Every page rendered with cold caches spent a third of its time on the same few dozen translated words and URL
reversals around its content. What a constant part holds is checked when its template is read: text, literal
``{% translate %}``, ``{% blocktranslate %}`` of the site's name, ``{% url %}`` and ``{% static %}`` of literals,
``{% load %}``, comments and the site-wide names of common.context_processors.site. Anything that may differ from
page to page (a variable, a condition, an include) is refused with an error naming it, so a constant part never
shows one page's content on another. It is rendered anew for each language, script prefix and URLconf, and after
a setting changes (a test's SITE_URL or LANGUAGES).
"""

import weakref

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import TextNode, TokenType, Variable, VariableNode
from django.template.defaulttags import CommentNode, LoadNode, URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()

# What a constant part may read from its context: the same on every page of one language.
SITE_NAMES = frozenset({"SITE_NAME", "SITE_URL", "OG_LOCALE"})

_every_node = weakref.WeakSet()


class ConstantNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered = {}
        _every_node.add(self)

    def render(self, context):
        key = (get_language(), get_script_prefix(), get_urlconf())
        text = self.rendered.get(key)
        if text is None:
            text = self.rendered[key] = self.nodelist.render(context)
        return text


@register.tag
def constant(parser, token):
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    for node in nodelist:
        if not _is_constant(node):
            raise template.TemplateSyntaxError(
                f"{{% constant %}} may hold only text, literal translations, URLs and static files, and the "
                f"site's names ({', '.join(sorted(SITE_NAMES))}): not {node!r}, which may differ between pages."
            )
    return ConstantNode(nodelist)


def _is_constant(node):
    if isinstance(node, TextNode | CommentNode | LoadNode):
        return True
    if isinstance(node, VariableNode):
        return _is_site_name(node.filter_expression)
    if isinstance(node, TranslateNode):
        return node.asvar is None and _is_literal(node.filter_expression) and node.message_context is None
    if isinstance(node, BlockTranslateNode):
        words = [*node.singular, *(node.plural or ())]
        named = {word.contents for word in words if word.token_type == TokenType.VAR}
        return (
            node.asvar is None
            and node.counter is None
            and node.message_context is None
            and not node.extra_context
            and named <= SITE_NAMES
        )
    if isinstance(node, URLNode):
        arguments = [node.view_name, *node.args, *node.kwargs.values()]
        return node.asvar is None and all(map(_is_literal, arguments))
    if isinstance(node, StaticNode):
        return node.varname is None and _is_literal(node.path)
    return False


def _is_literal(expression):
    """A quoted text or a number, without filters."""
    value = expression.var
    return not expression.filters and (not isinstance(value, Variable) or value.literal is not None)


def _is_site_name(expression):
    value = expression.var
    return (
        not expression.filters
        and isinstance(value, Variable)
        and value.lookups is not None
        and len(value.lookups) == 1
        and value.lookups[0] in SITE_NAMES
    )


@receiver(setting_changed)
def _forget_rendered(**kwargs):
    for node in _every_node:
        node.rendered.clear()
