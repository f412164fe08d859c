app_name = "casestudies"
urlpatterns = []
