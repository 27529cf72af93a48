package io.ferry.tui.data;

import com.googlecode.lanterna.input.KeyStroke;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.tui.ui.ButtonBar;
import io.ferry.tui.ui.ButtonBar.Button;
import io.ferry.tui.ui.Choice;
import io.ferry.tui.ui.Form;
import io.ferry.tui.ui.Keys;
import io.ferry.tui.ui.Label;
import io.ferry.tui.ui.Page;
import io.ferry.tui.wizard.Navigator;
import java.util.List;

/**
 * Screen 4: where the stack's data comes from when this host has none. This Ferry knows one source,
 * the vanilla data inside the bundle ({@link CustomerConfig#DATA_SOURCES}); backup shares come later.
 */
public final class DataSourcePage implements Page {
  private final Navigator nav;
  private final Form form = new Form();

  public DataSourcePage(Navigator nav) {
    this.nav = nav;
    form.add(Choice.one("Data source", List.of(new Choice.Option(CustomerConfig.DEFAULT_DATA_SOURCE,
        "vanilla (new installation): the initial data that comes with the bundle")),
        CustomerConfig.DEFAULT_DATA_SOURCE));
    form.add(Label.text(""));
    form.add(Label.text("Data that is already on this host is never replaced: an update keeps it. The Summary"
        + " shows what happens to the data on this host."));
    form.add(Label.text(""));
    form.add(Label.text("Restoring from your backup share (SMB, NFS or a local folder), for a migration or a"
        + " disaster recovery, comes with a later release of Ferry."));
    form.add(new ButtonBar(new Button("Next", nav::next), new Button("Back", nav::back)));
  }

  @Override
  public String title() {
    return "Data source";
  }

  @Override
  public String explanation() {
    return "Where the stack's data comes from when this host has none yet.";
  }

  @Override
  public Form form() {
    return form;
  }

  @Override
  public List<String> hints() {
    return List.of("Tab move", "Enter choose", "F10 next", "Esc back", "Ctrl-C quit");
  }

  @Override
  public boolean key(KeyStroke k) {
    if (Keys.isNext(k)) {
      nav.next();
      return true;
    }
    if (Keys.isBack(k)) {
      nav.back();
      return true;
    }
    return false;
  }
}
