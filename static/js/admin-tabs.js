// django-modeltranslation's language tabs are jQuery UI tabs: the tab (role "tab", reached with Tab, moved between
// with the arrow keys) holds a link to its panel, which jQuery UI only takes out of the Tab order (tabindex -1). A
// link is still focusable, so a screen reader meets a control inside a control (axe-core: "nested-interactive").
// Once jQuery UI has read each panel from its link, the link loses its address and is plain text inside the tab;
// clicks on it still reach jQuery UI. Redefining the widget covers the tabs built for an inline row added later.
(function ($) {
  "use strict";

  if (!$ || !$.ui || !$.ui.tabs) return;

  $.widget("ui.tabs", $.ui.tabs, {
    refresh: function () {
      // jQuery UI finds tabs and their panels again from the links' addresses.
      this.anchors.each(function () {
        if (!this.hasAttribute("href")) this.setAttribute("href", "#" + this.closest("li").getAttribute("aria-controls"));
      });
      return this._super();
    },
    _processTabs: function () {
      this._super();
      this.anchors.removeAttr("href tabindex");
    },
    // A tab whose link has no address shows a panel already in the page: without this, jQuery UI would fetch it.
    _isLocal: function (anchor) {
      return !anchor.hasAttribute("href") || this._super(anchor);
    },
  });

  // modeltranslation builds the tabs once the page is ready, moving each field into its panel: the field Django's
  // add form had focused loses focus, and the first Tab lands past the translated fields. The first field is
  // focused again, after the tabs are built (this runs after modeltranslation's own ready handler).
  $(function () {
    var constants = document.getElementById("django-admin-form-add-constants");
    var modelName = constants && constants.dataset.modelName;
    var form = modelName && document.getElementById(modelName + "_form");
    if (!form || (document.activeElement && document.activeElement !== document.body)) return;
    var first = Array.prototype.find.call(form.elements, function (element) {
      return /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName) && element.type !== "hidden" && !element.disabled &&
        element.offsetParent;
    });
    if (first) first.focus();
  });
})(window.jQuery);
